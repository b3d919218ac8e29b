# One image for the gateway and every subgraph; docker-compose.yml picks the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schema ./schema
COPY package.json ./
# The access log's signed checkpoints (AUDIT_CHECKPOINT_DIR in docker-compose.yml and the manifests).
RUN mkdir -p /var/lib/asb-hub/checkpoints && chown node:node /var/lib/asb-hub/checkpoints && chmod 700 /var/lib/asb-hub/checkpoints
USER node
EXPOSE 4000
CMD ["node", "dist/gateway/main.js"]
