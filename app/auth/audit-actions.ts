/**
 * The audit log's vocabulary, shared by the server (which writes it) and the
 * admin page (which offers it as a search filter). Codes are stable: they are
 * stored in the log and searched for, so rename a label, never a code.
 */
export const AUDIT_ACTION_LABEL = {
  inloggning: "Inloggning",
  utloggning: "Utloggning",
  "arende.visa": "Visade ärende",
  "arende.lista": "Visade ärendelista",
  "export.arenden": "Export av ärenden (CSV)",
  "export.sammanstallning": "Export av sammanställning (CSV)",
  "rapport.visa": "Visade rapport",
  "rapport.pdf": "Rapport som PDF",
  "behorighet.nekad": "Nekad åtkomst",
  "admin.anvandare.skapa": "Skapade användare",
  "admin.anvandare.ta-bort": "Tog bort användare",
  "admin.anvandare.losenord": "Bytte lösenord",
  "admin.anvandare.roll": "Ändrade roll eller stadsdelar",
  "admin.logg.visa": "Sökte i granskningsloggen",
  "admin.logg.export": "Exporterade granskningsloggen",
  "admin.logg.kontroll": "Kontrollerade granskningsloggen",
  "admin.demolage": "Demoläge på/av",
  "admin.dataladdning": "Läste in data",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTION_LABEL;
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABEL) as AuditAction[];

export const AUDIT_OUTCOME_LABEL = {
  ok: "Genomförd",
  nekad: "Nekad",
  misslyckad: "Misslyckad",
} as const;
export type AuditOutcome = keyof typeof AUDIT_OUTCOME_LABEL;
export const AUDIT_OUTCOMES = Object.keys(AUDIT_OUTCOME_LABEL) as AuditOutcome[];
