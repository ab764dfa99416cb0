#!/usr/bin/env bash
# No container engine runs on this project's machines (only the docker CLI), so this checks the
# Dockerfile another way: lint it, then replay its steps in a scratch directory exactly as written —
# build stage (npm ci, npm run build), runtime stage (npm ci --omit=dev, the compiled dist/ only),
# start `node dist/server.js` as an unprivileged user and run the HEALTHCHECK command against it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
npx --no-install dockerfile-utils lint Dockerfile
work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
# build stage (its apt-get line installs g++, make and python3: this machine has them)
mkdir -p "$work/build" && cd "$work/build"
cp "$root/package.json" "$root/package-lock.json" .
npm ci --no-audit --no-fund --loglevel=error
cp -r "$root/native" . && rm -rf native/build
npm run build:native --silent
cp "$root/tsconfig.json" "$root/tsconfig.build.json" . && cp -r "$root/src" .
npm run build --silent
# runtime stage
mkdir -p "$work/app" && cd "$work/app"
cp "$root/package.json" "$root/package-lock.json" .
npm ci --omit=dev --no-audit --no-fund --loglevel=error
cp -r "$work/build/dist" .
mkdir -p native && cp -r "$work/build/native/build" native/
cp -r "$root/public" .
test ! -e node_modules/typescript || { echo "dev dependency in the runtime image"; exit 1; }
chmod -R a+rX "$work"
port=3999
runner=()
if [ "$(id -u)" = 0 ]; then
  id node >/dev/null 2>&1 || useradd --system --no-create-home node
  runner=(runuser -u node --)
fi
NODE_ENV=production HOST=127.0.0.1 PORT=$port "${runner[@]}" node dist/server.js > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do
  if PORT=$port node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then
    user=$(ps -o user= -p "$(pgrep -P $pid node || echo $pid)" | tr -d ' ')
    PORT=$port node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/').then(r=>r.text().then(t=>process.exit(r.ok&&t.includes('/playground/app.js')?0:1)),()=>process.exit(1))" \
      || { echo "the playground page is missing from the runtime image"; exit 1; }
    addons=$(ls native/build 2>/dev/null | tr '\n' ' ')
    echo "Dockerfile steps OK: runtime has no dev dependencies, native addons: ${addons:-none}, HEALTHCHECK passes, server runs as '${user}'"
    exit 0
  fi
  sleep 0.2
done
cat "$work/server.log"
echo "HEALTHCHECK failed"
exit 1
