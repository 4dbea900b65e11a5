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

// Verification checks by name; `name@N` is that check for the entry at ledger index N.
const CHECK_LABELS = {
  'file-hash': 'The stored file still has its registered SHA-256',
  'checkpoint-signature': 'The checkpoint is signed by the log key',
  'checkpoint-note': 'The checkpoint note is well formed',
  'checkpoint-root': 'The checkpoint root matches the stored tree',
  'leaf-format': 'The ledger entry is a well-formed signed event',
  'leaf-hash': 'The ledger entry hashes to its leaf hash',
  'event-signature': 'The event carries a valid Ed25519 signature',
  'event-subject': 'The event is about this footage and its hash',
  inclusion: 'The entry is included in the checkpoint (Merkle proof)',
  consistency: 'The log only grew (consistency proof)',
  chain: 'The footage\'s events link one to the next without a gap',
  'log-entries': 'The log holds as many entries as its head says',
  'witness-quorum': 'Enough independent witnesses cosigned the checkpoint',
};

export function checkLabel(name) {
  const [base, index] = name.split('@');
  const label = CHECK_LABELS[base] || base;
  return index === undefined ? label : `${label} — entry ${index}`;
}
