# kb as a container image. Three stages: production dependencies (better-sqlite3 may compile here),
# the TypeScript build, and the runtime image, which holds no compiler and no dev dependency.
# docs/deploy.md explains each setting; test/deploy/container-recipe.test.ts replays this file.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# TypeScript needs no native module: install scripts are skipped here.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    KB_DIR=/kb \
    KB_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY schemas ./schemas
COPY public ./public
# The bundled knowledge base: what a new /kb volume starts with.
COPY rules /kb/rules
COPY articles /kb/articles
RUN mkdir -p /data && chown -R node:node /kb /data
USER node
VOLUME ["/kb", "/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/kb.js", "serve"]
