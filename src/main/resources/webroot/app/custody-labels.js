// Custody event types and verification check names as a person reads them (the raw name stays visible too).
export const EVENT_LABELS = {
  REGISTERED: 'Registered',
  RESUBMITTED: 'Re-submitted',
  VIEWED: 'Viewed',
  EXPORTED: 'Exported',
  SHARED: 'Shared',
  SHARE_REVOKED: 'Share revoked',
  TRANSFERRED: 'Transferred',
  REDACTED: 'Redacted copy made',
  ANNOTATED: 'Annotated',
  HOLD_PLACED: 'Legal hold placed',
  HOLD_RELEASED: 'Legal hold released',
  RETENTION_SET: 'Retention set',
  DISPOSED: 'Disposed',
  VERIFIED: 'Verified',
  CASE_ADDED: 'Added to case',
  CASE_REMOVED: 'Removed from case',
};

export function eventLabel(type) {
  return EVENT_LABELS[type] || type;
}
