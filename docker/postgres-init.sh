#!/bin/sh
# Runs once, when the postgres service starts on an empty volume (/docker-entrypoint-initdb.d):
# the owner of the app schema (doudi_owner → doudi; it runs the migrations and, having
# CREATEROLE, creates the restricted role doudi_app the server and workers connect as: see
# domain/db/app-role.ts) and the engine's role and database (doudi_engine → doudi_engine).
# Each owner owns its database and cannot open the other one.
# Passwords come from docker/.env through the postgres service's environment. Changing them
# later: see "轮换口令" in docker/README.md (this script does not run again).
if [ -z "${DOUDI_DB_PASSWORD:-}" ] || [ -z "${ENGINE_DB_PASSWORD:-}" ]; then
  echo "postgres-init: DOUDI_DB_PASSWORD and ENGINE_DB_PASSWORD must be set" >&2
  exit 1
fi
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v app_password="$DOUDI_DB_PASSWORD" -v engine_password="$ENGINE_DB_PASSWORD" <<'SQL'
CREATE ROLE doudi_owner LOGIN CREATEROLE PASSWORD :'app_password';
CREATE DATABASE doudi OWNER doudi_owner ENCODING 'UTF8';
REVOKE ALL ON DATABASE doudi FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE doudi TO doudi_owner;

CREATE ROLE doudi_engine LOGIN PASSWORD :'engine_password';
CREATE DATABASE doudi_engine OWNER doudi_engine ENCODING 'UTF8';
REVOKE ALL ON DATABASE doudi_engine FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE doudi_engine TO doudi_engine;
SQL
