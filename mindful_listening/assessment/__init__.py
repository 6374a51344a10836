"""Observed-practice assessment on the Qt side: the PDF report and the command-line commands.

The models and the evidence logic are Qt-free in ``core/assessment.py`` and ``core/criteria.py``; the live
panel is ``ui/assessment_panel.py``. Importing this package loads no Qt: the CLI imports ``commands`` at
start-up, and ``commands`` imports the report only when a report is asked for.
"""
