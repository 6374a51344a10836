"""Speaking cues: rendering text to audio off the GUI thread, playing it, and the caption-only fallback."""
