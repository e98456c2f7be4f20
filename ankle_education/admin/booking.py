"""Admin for the anonymous booking click-through counts (read-only)."""
