# Production image: gunicorn (web), celery worker and celery beat share it.
# See docker-compose.yml; settings come from the environment (README.md).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=tolyatti_portal.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media

# gettext compiles the translations below; wheels cover every Python dependency.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --create-home --home-dir /home/app app

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Code stays root-owned (read-only for the app); only what it writes is the app's.
# Translations are compiled with the dev settings, which need no secrets.
RUN DJANGO_SETTINGS_MODULE=tolyatti_portal.settings.dev python manage.py compilemessages -v 0 \
    && mkdir -p /app/staticfiles /app/media /app/var \
    && chown app:app /app/staticfiles /app/media /app/var

USER app
EXPOSE 8000
CMD ["gunicorn", "tolyatti_portal.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
