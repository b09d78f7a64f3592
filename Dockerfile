# syntax=docker/dockerfile:1
# Multi-stage build: compile with dev dependencies, ship only production dependencies + build output.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ARG BASE_PATH=""
ENV BASE_PATH=${BASE_PATH}
RUN npx vite build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    AT_SERVER_HOST=0.0.0.0 \
    AT_SERVER_PORT=8080 \
    AT_STORE_PGLITE_DIR=/data/pglite
WORKDIR /app
RUN groupadd --system at && useradd --system --gid at --home /app at \
    && mkdir -p /data && chown at:at /data
COPY --from=build --chown=at:at /app/node_modules ./node_modules
COPY --from=build --chown=at:at /app/build ./build
COPY --from=build --chown=at:at /app/drizzle ./drizzle
COPY --from=build --chown=at:at /app/package.json ./package.json
USER at
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||process.env.AT_SERVER_PORT||8080)+(process.env.BASE_PATH||'')+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "build"]
