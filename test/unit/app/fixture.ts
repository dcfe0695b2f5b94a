/**
 * A tiny hand-made database for the app's tests: two kommuner, a renamed
 * stadsdel, every loaded table and one ETL run. Figures here are chosen so
 * the expected page values can be read off directly:
 *   beslut 5 (Stockholm 4, Värmdö 1), persons 4 (p1 has two beslut),
 *   utforda_timmar 4 rows 2022-01-10 … 2024-02-01, avbokningar 2,
 *   omkostnader 1, utforare 2, avvisad_rad 1; period 2021-12-01 – 2024-02-01.
 * No personnummer: person_id values are already pseudonyms.
 */
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { ensureSchema } from "../../../etl/db.ts";

export const FIXTURE_SQL = [
  `INSERT INTO beslut (kommun, stadsdel, beslut_id, person_id, arende_id, fodelsear, kon, lagrum, insats,
     ansokan_datum, beslut_datum, utfall, sokta_timmar, beviljade_timmar, timmar_per, giltig_from, giltig_tom,
     handlaggare, beslutsniva, personlig_assistans, utforare, bestallning_datum, genomforandeplan_datum,
     senaste_uppfoljning, load_id) VALUES
   ('Stockholm','Rinkeby-Kista','B1','p1','a1',1980,'K','LSS','ledsagarservice','2021-11-20','2021-12-01','bifall',10,10,'manad','2022-01-01','2022-12-31','H1','handläggare',false,'U1','2021-12-02',NULL,NULL,1),
   ('Stockholm','Järva','B2','p1','a1',1980,'K','LSS','ledsagarservice','2023-11-20','2023-12-01','delavslag',20,12,'manad','2024-01-01','2024-12-31','H1','handläggare',false,'U1','2023-12-02',NULL,NULL,1),
   ('Stockholm','Södermalm','B3','p2','a2',1990,'M','SoL','ledsagning','2022-02-01','2022-02-15','avslag',8,NULL,'manad',NULL,NULL,'H2','handläggare',false,NULL,NULL,NULL,NULL,1),
   ('Stockholm','Södermalm','B4','p3','a3',2005,'K','LSS','ledsagarservice','2022-03-01','2022-03-10','bifall',4,4,'vecka','2022-04-01',NULL,'H2','handläggare',false,'U2',NULL,NULL,NULL,1),
   ('Värmdö','Värmdö','V1','p4','a4',1970,'M','LSS','ledsagarservice','2022-05-01','2022-05-20','bifall',6,6,'manad','2022-06-01','2023-05-31','H3','handläggare',false,'U9',NULL,NULL,NULL,1)`,
  `INSERT INTO utforda_timmar VALUES
   ('Stockholm','B1','U1','2022-01-10','dag',2.5,1),
   ('Stockholm','B1','U1','2022-01-15','helg',3,1),
   ('Stockholm','B2','U1','2024-02-01','kvall',1.5,1),
   ('Värmdö','V1','U9','2022-07-01','dag',4,1)`,
  `INSERT INTO avbokningar VALUES
   ('Stockholm','B1','U1','2022-02-03 10:00','2022-02-02 15:10','brukare',2,false,'sjuk',1),
   ('Värmdö','V1','U9','2022-08-01 09:00','2022-07-20 09:00','ledsagare',3,false,NULL,1)`,
  `INSERT INTO omkostnader VALUES ('Stockholm','B1','U1','2022-01-15',120,'manadsbelopp','bio',1)`,
  `INSERT INTO utforare VALUES
   ('Stockholm','U1','Ledsagning Syd AB','enskild','2019-01-01',NULL,1),
   ('Värmdö','U9','Värmdö kommun egen regi','kommunal','2015-01-01',NULL,1)`,
  `INSERT INTO etl_korning VALUES (1, '2024-03-01 08:15:00', '2024-03-01 08:15:42', true,
   '{"files":[{"file":"beslut.csv","table":"beslut","read":6,"loaded":5,"rejected":[{"line":7,"column":"personnummer","value":"19800101-****","reason":"Kontrollsiffran stämmer inte"}]},{"file":"utforda_timmar.csv","table":"utforda_timmar","read":4,"loaded":4,"rejected":[]}]}')`,
  `INSERT INTO avvisad_rad VALUES (1, 'beslut.csv', 'beslut', 7, 'personnummer', '19800101-****', 'Kontrollsiffran stämmer inte')`,
];

/** Creates the schema and fills it with the fixture rows. */
export async function fillFixture(conn: DuckDBConnection): Promise<void> {
  await ensureSchema(conn);
  for (const stmt of FIXTURE_SQL) await conn.run(stmt);
}

/** Convenience for an instance: connects, fills, disconnects. */
export async function fillFixtureInstance(instance: DuckDBInstance): Promise<void> {
  const conn = await instance.connect();
  try {
    await fillFixture(conn);
  } finally {
    conn.closeSync();
  }
}
