# credman: the sidecar (one bundled ES module) serving the built admin console. `docker compose up` builds it;
# alone: `docker build -t credman .` and run it with the CREDMAN_* variables of apps/sidecar/README.md.
ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: install the workspace, build the SPA and bundle the sidecar ---------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Manifests first, so that the dependency layer is rebuilt only when they change. Every workspace's
# package.json must be listed here (scripts/dockerfile.test.ts checks it).
COPY package.json package-lock.json .npmrc ./
COPY packages/api-contract/package.json packages/api-contract/
COPY packages/domain/package.json packages/domain/
COPY packages/keycloak-double/package.json packages/keycloak-double/
COPY packages/keycloak-real/package.json packages/keycloak-real/
COPY packages/realm/package.json packages/realm/
COPY apps/admin-spa/package.json apps/admin-spa/
COPY apps/sidecar/package.json apps/sidecar/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build -w @credman/admin-spa \
 && npm run build -w @credman/sidecar

# --- runtime: node and two directories, nothing else --------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    CREDMAN_PORT=8080 \
    CREDMAN_MANAGEMENT_PORT=9000 \
    CREDMAN_SPA_DIR=/app/spa
WORKDIR /app
# The bundle has every dependency inside (scripts/build-sidecar.ts says why), so no node_modules and no npm
# install here. Files stay owned by root: the service user can read them, not change them.
COPY --from=build /src/apps/sidecar/dist/ /app/
COPY --from=build /src/apps/admin-spa/dist/ /app/spa/
USER node
# 9000: the management port (/metrics); publish it only to the monitoring network.
EXPOSE 8080 9000
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.CREDMAN_PORT ?? '8080') + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# --optimize-for-size: V8 otherwise lets the heap grow to about 4 times what is live before a full collection; at
# 10,000 applications a reminder scan keeps ~24 MB live and peaked at ~200 MB RSS, with it ~115 MB
# (docs/operations.md#capacity-per-replica-measured). No heap cap: a larger realm only needs more memory.
CMD ["node", "--optimize-for-size", "--enable-source-maps", "/app/sidecar.mjs"]
