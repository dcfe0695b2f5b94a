/**
 * Server rendering. Differs from Remix's default in two ways:
 *  - every page is sent whole (onAllReady): pages must read completely without
 *    JavaScript and in print, and nothing here streams deferred data;
 *  - `handleError` keeps the log for real faults: a 404 for an unknown URL or a
 *    request the browser aborted is not logged as an error with a stack.
 * Error *pages* never show details either way (see the ErrorBoundary in root.tsx).
 */
import { PassThrough } from "node:stream";
import type { EntryContext, HandleDataRequestFunction, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { applyHeaders, baseSecurityHeaders, createNonce, securityHeaders } from "./auth/headers.server.ts";
import { NonceProvider } from "./auth/nonce.tsx";
import { isSecureRequest } from "./auth/request.server.ts";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  // A fresh CSP nonce per document, for every inline script Remix and React write.
  const nonce = createNonce();
  applyHeaders(
    responseHeaders,
    securityHeaders(nonce, { development: process.env.NODE_ENV === "development", https: isSecureRequest(request) }),
  );
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider nonce={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell is ready reject above and are logged by Remix.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/** Loader/action data (single fetch): no HTML, but no framing or sniffing either. */
export const handleDataRequest: HandleDataRequestFunction = (response) => {
  applyHeaders(response.headers, baseSecurityHeaders());
  return response;
};

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  console.error(error);
};
