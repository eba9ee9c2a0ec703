export enum VendorKind {
  THINK_TANK = 'THINK_TANK',
  CONSULTANCY = 'CONSULTANCY',
  IT_VENDOR = 'IT_VENDOR',
  TELECOM = 'TELECOM',
  LOCAL_FIRM = 'LOCAL_FIRM',
  REGIONAL_BANK = 'REGIONAL_BANK',
  OTHER = 'OTHER',
}

export enum VendorStatus {
  /** Registered by itself; cannot bid until the secretariat approves it. */
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  /** Its accounts may sign in and read their own history only: no changes, no uploads (AccessGuard, upload controller). */
  SUSPENDED = 'SUSPENDED',
  /** Registered with a 法人番号 another vendor already holds; held until the secretariat resolves the dispute. */
  DISPUTED = 'DISPUTED',
  /** The secretariat decided against its claim to the 法人番号; its accounts are deactivated. */
  REJECTED = 'REJECTED',
}

/** The outcome of a 法人番号 dispute. */
export enum CorporateNumberDecision {
  /** The earlier holder keeps the number; the disputed registration is rejected. */
  KEEP_EXISTING = 'KEEP_EXISTING',
  /** The disputed registration is the real holder: it becomes PENDING (then approval as usual), the earlier holder is rejected. */
  TRANSFER_TO_CLAIMANT = 'TRANSFER_TO_CLAIMANT',
}

export enum VendorApplicationStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  WITHDRAWN = 'WITHDRAWN',
}
