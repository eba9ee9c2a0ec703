/**
 * The server's idea of "now". Everything deadline-related asks the clock, never `new Date()`,
 * so that tests can stand exactly on a deadline.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock a test or a demo can set; it does not move by itself unless told to follow real time. */
export class ControlledClock extends Clock {
  private offsetMs = 0;
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date(Date.now() + this.offsetMs);
  }

  set(at: Date | string): void {
    this.fixed = new Date(at);
  }

  /** Follow real time again, shifted so that it now reads `at`. */
  travelTo(at: Date | string): void {
    this.fixed = null;
    this.offsetMs = new Date(at).getTime() - Date.now();
  }
}
