"""Widgets that draw session state and forward the facilitator's intent; nothing decides here."""
