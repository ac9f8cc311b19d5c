# One image for every service; docker-compose.yml picks the command. Node 20, the version the project is tested with.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production APOLLO_TELEMETRY_DISABLED=1 HOST=0.0.0.0
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schema/supergraph.graphql ./schema/supergraph.graphql
COPY --from=build /app/policy/policy.yaml ./policy/policy.yaml
COPY --from=build /app/persisted-operations ./persisted-operations
RUN mkdir -p /var/lib/customer-graph && chown node /var/lib/customer-graph
USER node
# The default command's liveness probe (the gateway's /health on GATEWAY_PORT: alive, whatever its subgraphs do);
# docker-compose.yml gives each other service its own and none to the one-off seed job.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.GATEWAY_PORT || 4000) + '/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-old-space-size=512", "--max-semi-space-size=32", "dist/gateway/index.js"]
