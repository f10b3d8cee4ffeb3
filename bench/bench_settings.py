"""Production settings plus one URL for the benchmark's bare-view baseline.

`bench/initiatives_pages.py` runs gunicorn with DJANGO_SETTINGS_MODULE=bench.bench_settings:
everything is `tolyatti_portal.settings.production` (DEBUG off, WhiteNoise with the
manifest, persistent connections, security middleware) except the URLconf, which adds
`/__bench_bare__` in front of the project's own URLs. The project's URLs stay untouched.
"""

from tolyatti_portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"
