-- The application's own database role, for a PostgreSQL deployment (issue 11, finding 7).
--
-- Run once as a superuser, after the migrations (`npm run db:migrate` as the owner role):
--   psql "postgres://postgres@host/rdx" -v db=rdx -v owner_role=rdx -v app_role=rdx_app -v app_password='…' -f docker/db-roles.sql
-- then start the API with DATABASE_URL=postgres://rdx_app:…@host/rdx. Run migrations of later
-- releases as owner_role (`npm run db:migrate`); the application role cannot, and does not need to.
--
-- The application role owns nothing and creates nothing: it reads and writes the tables, but it
-- cannot write the audit trail except through the trigger and the sealer (SECURITY DEFINER
-- functions owned by the NOLOGIN role rdx_audit, created by the migrations), cannot disable a
-- trigger (not the owner), cannot set session_replication_role (not a superuser), and cannot
-- become rdx_audit (not a member). test/security-audit.e2e-spec.ts runs the API with exactly
-- these grants (substituting the variables below).

CREATE ROLE :"app_role" LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;

-- Nobody but the owner creates objects in the schema (the default from PostgreSQL 15 on).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

GRANT CONNECT ON DATABASE :"db" TO :"app_role";
GRANT USAGE ON SCHEMA public TO :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";

-- The audit trail is read-only to the application (its trigger refuses writes by anyone but rdx_audit anyway).
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log, audit_pending FROM :"app_role";

-- Tables and sequences that later migrations (run by owner_role) create.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";
