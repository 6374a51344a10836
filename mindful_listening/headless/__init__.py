"""The front end without a window: `play` (a session with sound and printed captions) and `voice-check`."""
