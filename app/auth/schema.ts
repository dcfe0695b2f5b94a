/**
 * Tables of access control and audit. They live in the product's DuckDB file next
 * to the data; `ensureAuthSchema` creates what is missing and is safe on every start.
 *
 * Times are TIMESTAMP in UTC (the app converts for display). Secrets never land
 * here: sessions are stored as the SHA-256 of their token, passwords as scrypt hashes.
 */
import type { DuckDBConnection } from "@duckdb/node-api";

export const AUTH_SCHEMA_DDL: readonly string[] = [
  `CREATE SEQUENCE IF NOT EXISTS auth_user_seq START 1`,
  `CREATE TABLE IF NOT EXISTS auth_user (
     user_id INTEGER PRIMARY KEY DEFAULT nextval('auth_user_seq'),
     username VARCHAR NOT NULL UNIQUE,
     role VARCHAR NOT NULL,
     password_hash VARCHAR NOT NULL,
     is_demo BOOLEAN NOT NULL DEFAULT false,
     created_at TIMESTAMP NOT NULL,
     password_changed_at TIMESTAMP NOT NULL
   )`,
  // An enhetschef's stadsdelar; (kommun, stadsdel) because stadsdel names repeat across kommuner.
  `CREATE TABLE IF NOT EXISTS auth_user_stadsdel (
     user_id INTEGER NOT NULL,
     kommun VARCHAR NOT NULL,
     stadsdel VARCHAR NOT NULL,
     PRIMARY KEY (user_id, kommun, stadsdel)
   )`,
  `CREATE TABLE IF NOT EXISTS auth_session (
     token_hash VARCHAR PRIMARY KEY,
     user_id INTEGER NOT NULL,
     csrf_token VARCHAR NOT NULL,
     created_at TIMESTAMP NOT NULL,
     last_seen_at TIMESTAMP NOT NULL,
     ip VARCHAR,
     user_agent VARCHAR
   )`,
  // One row per (scope, key) while failures are counted; removed on a successful sign-in.
  `CREATE TABLE IF NOT EXISTS auth_login_attempts (
     scope VARCHAR NOT NULL,
     key VARCHAR NOT NULL,
     failures INTEGER NOT NULL,
     last_failure_at TIMESTAMP NOT NULL,
     locked_until TIMESTAMP,
     PRIMARY KEY (scope, key)
   )`,
  `CREATE TABLE IF NOT EXISTS auth_meta (
     key VARCHAR PRIMARY KEY,
     value VARCHAR NOT NULL
   )`,
  `CREATE SEQUENCE IF NOT EXISTS audit_log_seq START 1`,
  // Append-only: the application has no UPDATE or DELETE of this table (see docs/SECURITY.md).
  // prev_hash/row_hash chain the rows with an HMAC so edits and gaps are detectable.
  `CREATE TABLE IF NOT EXISTS audit_log (
     id BIGINT PRIMARY KEY DEFAULT nextval('audit_log_seq'),
     tidpunkt TIMESTAMP NOT NULL,
     username VARCHAR,
     role VARCHAR,
     action VARCHAR NOT NULL,
     outcome VARCHAR NOT NULL,
     route VARCHAR,
     query VARCHAR,
     pseudonyms VARCHAR[] NOT NULL,
     ip VARCHAR,
     user_agent VARCHAR,
     detail VARCHAR,
     key_id VARCHAR NOT NULL,
     prev_hash VARCHAR NOT NULL,
     row_hash VARCHAR NOT NULL
   )`,
];

export async function ensureAuthSchema(conn: DuckDBConnection): Promise<void> {
  for (const stmt of AUTH_SCHEMA_DDL) await conn.run(stmt);
}
