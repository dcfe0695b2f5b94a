/** The hidden form field that carries the CSRF token (shared by CsrfInput and verifyCsrf). */
export const CSRF_FIELD = "_csrf";
