FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# WeasyPrint needs Pango; fonts-dejavu and fonts-liberation give the charter its typefaces.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
RUN pip install --upgrade pip && pip install .
COPY . .
RUN python -m coproduce.translations
RUN useradd --create-home --uid 1000 coproduce && mkdir -p var staticfiles \
    && chown -R coproduce var staticfiles
USER coproduce
EXPOSE 8000
CMD ["gunicorn", "coproduce.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--timeout", "30"]
