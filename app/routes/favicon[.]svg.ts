/**
 * `/favicon.svg`: the browser tab's icon. Served from a route (not public/) so
 * the app stays in app/; without an icon every page logs a 404 for /favicon.ico.
 */
const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d3557"/><path d="M10 7h4v14h9v4H10z" fill="#fff"/></svg>`;

export function loader() {
  return new Response(ICON, {
    headers: { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400" },
  });
}
