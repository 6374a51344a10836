"""The Qt-free heart of the app: scripts, timelines and the session runner.

Nothing under this package may import PySide6 (a test enforces it), so every rule about *what happens when*
can be tested with plain numbers and an injected clock.
"""
