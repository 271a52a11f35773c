FROM python:3.11-slim
WORKDIR /srv/portal
# WeasyPrint (PDF exports of DPIA's and answer letters) renders with Pango; fonts for the PDFs.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml ./
COPY portal ./portal
COPY dpia ./dpia
COPY config ./config
COPY migrations ./migrations
COPY templates ./templates
RUN pip install --no-cache-dir -e . && useradd --system portal && mkdir instance && chown portal instance
USER portal
EXPOSE 8000
