"""Pure feed handling: bytes in, items and events out. No Discord, no storage."""
