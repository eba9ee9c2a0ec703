import { graphql } from '../../gql';

/** Notices (お知らせ) for every signed-in role and the secretariat's notice templates. Operation names start with Notices. */

export const NoticesMineDocument = graphql(`
  query NoticesMine($first: Int!, $before: ID) {
    myNotices(first: $first, before: $before) {
      id
      kind
      documentNumber
      subject
      createdAt
    }
  }
`);

export const NoticesOneDocument = graphql(`
  query NoticesOne($id: ID!) {
    notice(id: $id) {
      id
      kind
      documentNumber
      subject
      body
      createdAt
      pdfPath
    }
  }
`);

export const NoticesTemplatesDocument = graphql(`
  query NoticesTemplates {
    noticeTemplates {
      kind
      name
      subject
      body
      placeholders
      edited
    }
  }
`);

export const NoticesPreviewDocument = graphql(`
  query NoticesPreview($kind: String!, $subject: String!, $body: String!) {
    previewNotice(kind: $kind, subject: $subject, body: $body) {
      subject
      body
    }
  }
`);

export const NoticesUpdateTemplateDocument = graphql(`
  mutation NoticesUpdateTemplate($kind: String!, $subject: String!, $body: String!) {
    updateNoticeTemplate(kind: $kind, subject: $subject, body: $body) {
      kind
      name
      subject
      body
      placeholders
      edited
    }
  }
`);

export const NoticesResetTemplateDocument = graphql(`
  mutation NoticesResetTemplate($kind: String!) {
    resetNoticeTemplate(kind: $kind) {
      kind
      name
      subject
      body
      placeholders
      edited
    }
  }
`);
