# Vigie in a container: slim, non-root, the trained models inside, `vigie` as the entrypoint.
#   docker build -t vigie .
#   docker run --rm vigie --help
# compose.yaml runs the Discord bot, the Telegram bot and the console from this image
# (see docs/operations.md).

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install --no-cache-dir --prefix=/install ".[postgres]"

FROM python:3.11-slim
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/vigie --create-home vigie
COPY --from=build /install /usr/local
# Models and the example charters and plans: read-only, owned by root.
COPY models /opt/vigie/models
COPY charters /opt/vigie/charters
COPY playbooks /opt/vigie/playbooks
ENV VIGIE_MODELS_DIR=/opt/vigie/models \
    VIGIE_HOME=/var/lib/vigie \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /var/lib/vigie
USER vigie
# The console; the Discord and Telegram bots' /healthz and /metrics.
EXPOSE 8080 9101 9102
ENTRYPOINT ["vigie"]
CMD ["--help"]
