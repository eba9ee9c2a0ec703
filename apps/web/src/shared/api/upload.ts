import { CombinedError } from 'urql';

/** What POST /documents answers (apps/api/src/documents/documents.controller.ts). */
export interface UploadedDocument {
  id: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
}

export type DocumentPurpose = 'PROPOSAL' | 'REPORT' | 'MEMORANDUM';

/**
 * THE uploader: one file to the API's document endpoint (multipart `file` + `purpose`) with the session cookie; a
 * GraphQL mutation then attaches the answered id. XMLHttpRequest rather than fetch: only XHR reports upload progress,
 * which pages show for large PDFs (`onProgress`, a fraction from 0 to 1).
 *
 * The endpoint's errors carry the same codes and messages as GraphQL's, so a failure rejects with a CombinedError: the
 * one error map (shared/errors/error-map.ts) words it and says what to do next, as for any other request; a request
 * that got no answer is a network error (NETWORK).
 */
export function uploadDocument(file: File, purpose: DocumentPurpose, onProgress?: (fraction: number) => void): Promise<UploadedDocument> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/documents');
    xhr.withCredentials = true;
    xhr.responseType = 'json';
    xhr.setRequestHeader('apollo-require-preflight', 'true');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = (xhr.response ?? {}) as Partial<UploadedDocument> & Record<string, unknown>;
      if (xhr.status >= 200 && xhr.status < 300 && body.id) {
        onProgress?.(1);
        resolve(body as UploadedDocument);
        return;
      }
      const code = typeof body.code === 'string' ? body.code : 'INTERNAL_SERVER_ERROR';
      reject(
        new CombinedError({
          graphQLErrors: [
            {
              message: String(body.messageEn ?? body.message ?? code),
              extensions: { code, messageJa: body.messageJa, messageEn: body.messageEn, details: body.details, correlationId: body.correlationId },
            },
          ],
        }),
      );
    };
    xhr.onerror = () => reject(new CombinedError({ networkError: new Error('The upload got no answer') }));
    const form = new FormData();
    form.append('purpose', purpose);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
