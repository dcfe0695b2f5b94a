/**
 * `/healthz`: answers 200 "ok" once the database is open and answers a query,
 * 503 otherwise. The launcher and the browser tests wait on it, and opening the
 * file here (rather than on the first reader's request) surfaces a locked or
 * broken database at start-up. It reveals nothing about the data.
 */
import { sql } from "kysely";
import { getKysely } from "../db.server.ts";

export async function loader() {
  try {
    await sql`SELECT 1`.execute(await getKysely());
    return new Response("ok", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  } catch {
    return new Response("databasen kan inte öppnas", {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
}
