/**
 * Tables of the loaded data. Personnummer never appear: beslut carry `person_id`,
 * a keyed pseudonym (HMAC-SHA-256 with the local secret), and the birth year and
 * kön derived from the number at load. `arende_id` groups a person's beslut for one
 * insats in one kommun: the unit the rules engine works on.
 *
 * Engine output tables are created by the engine's store module (etl/engine/store.ts).
 */
export const SCHEMA_DDL: string[] = [
  `CREATE TABLE IF NOT EXISTS etl_korning (
     load_id INTEGER PRIMARY KEY,
     started_at TIMESTAMP NOT NULL,
     finished_at TIMESTAMP,
     allow_rejects BOOLEAN NOT NULL,
     summary_json VARCHAR
   )`,
  `CREATE TABLE IF NOT EXISTS avvisad_rad (
     load_id INTEGER NOT NULL,
     file VARCHAR NOT NULL,
     tabell VARCHAR NOT NULL,
     line BIGINT NOT NULL,
     kolumn VARCHAR,
     value VARCHAR,
     reason VARCHAR NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS beslut (
     kommun VARCHAR NOT NULL,
     stadsdel VARCHAR NOT NULL,
     beslut_id VARCHAR NOT NULL,
     person_id VARCHAR NOT NULL,
     arende_id VARCHAR NOT NULL,
     fodelsear INTEGER NOT NULL,
     kon VARCHAR NOT NULL,
     lagrum VARCHAR NOT NULL,
     insats VARCHAR NOT NULL,
     ansokan_datum DATE NOT NULL,
     beslut_datum DATE NOT NULL,
     utfall VARCHAR NOT NULL,
     sokta_timmar DOUBLE,
     beviljade_timmar DOUBLE,
     timmar_per VARCHAR NOT NULL,
     giltig_from DATE,
     giltig_tom DATE,
     handlaggare VARCHAR,
     beslutsniva VARCHAR,
     personlig_assistans BOOLEAN NOT NULL,
     utforare VARCHAR,
     bestallning_datum DATE,
     genomforandeplan_datum DATE,
     senaste_uppfoljning DATE,
     load_id INTEGER NOT NULL,
     PRIMARY KEY (kommun, beslut_id)
   )`,
  `CREATE TABLE IF NOT EXISTS utforda_timmar (
     kommun VARCHAR NOT NULL,
     beslut_id VARCHAR NOT NULL,
     utforare VARCHAR NOT NULL,
     datum DATE NOT NULL,
     tidstyp VARCHAR NOT NULL,
     timmar DOUBLE NOT NULL,
     load_id INTEGER NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS avbokningar (
     kommun VARCHAR NOT NULL,
     beslut_id VARCHAR NOT NULL,
     utforare VARCHAR NOT NULL,
     planerad_start TIMESTAMP NOT NULL,
     avbokad_tid TIMESTAMP NOT NULL,
     avbokad_av VARCHAR NOT NULL,
     timmar DOUBLE NOT NULL,
     ombokad BOOLEAN NOT NULL,
     orsak VARCHAR,
     load_id INTEGER NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS omkostnader (
     kommun VARCHAR NOT NULL,
     beslut_id VARCHAR NOT NULL,
     utforare VARCHAR NOT NULL,
     datum DATE NOT NULL,
     belopp DOUBLE NOT NULL,
     typ VARCHAR NOT NULL,
     aktivitet VARCHAR,
     load_id INTEGER NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS utforare (
     kommun VARCHAR NOT NULL,
     utforare VARCHAR NOT NULL,
     namn VARCHAR NOT NULL,
     regi VARCHAR NOT NULL,
     godkand_from DATE NOT NULL,
     godkand_tom DATE,
     load_id INTEGER NOT NULL,
     PRIMARY KEY (kommun, utforare)
   )`,
];
