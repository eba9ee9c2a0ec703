/** What POST /documents answers (apps/api/src/documents/documents.controller.ts). */
export interface UploadedDocument {
  id: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
}

export class UploadError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Uploads one file to the API's document endpoint (multipart `file` + `purpose`), with the session cookie. XMLHttpRequest
 * rather than fetch: only XHR reports upload progress, which the page shows for large PDFs.
 */
export function uploadDocument(
  file: File,
  purpose: 'PROPOSAL' | 'REPORT',
  onProgress: (fraction: number) => void,
  lang: 'ja' | 'en',
): Promise<UploadedDocument> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/documents');
    xhr.withCredentials = true;
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as (UploadedDocument & { code?: string; messageJa?: string; messageEn?: string; message?: string }) | null;
      if (xhr.status >= 200 && xhr.status < 300 && body?.id) {
        onProgress(1);
        resolve(body);
      } else {
        const message = (lang === 'ja' ? body?.messageJa : body?.messageEn) ?? body?.message ?? `HTTP ${xhr.status}`;
        reject(new UploadError(body?.code ?? `HTTP_${xhr.status}`, message));
      }
    };
    xhr.onerror = () =>
      reject(
        new UploadError(
          'NETWORK',
          lang === 'ja' ? '通信できませんでした。接続を確認して、もう一度選んでください。' : 'The upload failed: check the connection and try again.',
        ),
      );
    const form = new FormData();
    form.append('purpose', purpose);
    form.append('file', file);
    xhr.send(form);
  });
}
