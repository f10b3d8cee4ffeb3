"""Settings package: base (shared), dev (make run), test (pytest), production."""
