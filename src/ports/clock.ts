/** The only source of "now" for the domain. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}
