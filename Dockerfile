FROM python:3.11-slim
WORKDIR /srv/portal
COPY pyproject.toml ./
COPY portal ./portal
COPY dpia ./dpia
COPY config ./config
COPY migrations ./migrations
COPY templates ./templates
RUN pip install --no-cache-dir -e . && useradd --system portal && mkdir instance && chown portal instance
USER portal
EXPOSE 8000
