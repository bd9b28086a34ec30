# Pacer: one image for the one-shot migrate, the web (gunicorn), the Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    STATIC_ROOT=/app/staticfiles

WORKDIR /app
# Dependencies first (pyproject lists no packages: the code runs from /app), then the code.
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
# collectstatic writes the hashed names and their gzip and brotli copies WhiteNoise serves.
RUN useradd --system --home /app pacer \
    && STATIC_MANIFEST=1 DJANGO_SETTINGS_MODULE=config.settings \
       python manage.py collectstatic --noinput \
    && chown -R pacer /app
USER pacer

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "-c", "config/gunicorn.conf.py"]
