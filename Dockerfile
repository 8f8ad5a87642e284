# The platform as an image: built with the same commands the tests run (npm ci, npm run build),
# served by the compiled server as a non-root user. One image for every role (ROLE=all|api|worker).
#   docker build -t voice-to-app .
#   docker run -p 3000:3000 -v vta-data:/data voice-to-app        # embedded: PGlite in /data
#   docker compose up                                              # PostgreSQL, Redis, 2 API nodes, a worker, a proxy

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
# ffmpeg reads recordings made in browsers (WebM/Ogg); flite reads the Assistant's answers aloud;
# the recogniser's model comes with npm ci.
RUN apt-get update \
  && apt-get install -y --no-install-recommends ffmpeg flite \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir /data && chown node:node /data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/packages/contracts/package.json packages/contracts/
COPY --from=build --chown=node:node /app/apps/server/package.json apps/server/
COPY --from=build --chown=node:node /app/apps/server/dist apps/server/dist
COPY --from=build --chown=node:node /app/apps/web/dist apps/web/dist
USER node
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:3000/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# The flags are scripts/build.mjs SERVER_NODE_FLAGS (what npm start passes).
CMD ["node", "--max-semi-space-size=4", "apps/server/dist/bundle/main.js"]
