#!/usr/bin/env bash
# The README's start command: installs, builds, migrates, seeds invented demo data and serves
# Vägval on http://localhost:${PORT:-3000} with the embedded defaults (SQLite file and media
# folder in ./data, mail to the log).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
npm run db:migrate
DEMO_MODE=true npm run db:seed
# the demo film gets its file (made by ffmpeg when it is installed)
DEMO_MODE=true npx tsx db/seed-film.ts
# invented pupil and applicant statistics for the reach dashboard
DEMO_MODE=true npx tsx db/seed-statistics.ts
echo
echo "Demo accounts (password: vagval-demo): admin@ samordnare@ skola@ ambassador@ kommunikator@ oversattare@ demo.example"
export DEMO_MODE=true
# The embedded default serves plain http on localhost, so cookies cannot be Secure here.
export INSECURE_COOKIES=${INSECURE_COOKIES:-true}
exec npm start
