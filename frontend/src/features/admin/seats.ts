/** Seats: owners, admins and members take one, viewers none; a limit of null is unlimited. */
export interface Seats {
  used: number;
  limit: number | null;
}

/** "3 of 10", or "3 (no limit)". */
export function seatsText(seats: Seats): string {
  return seats.limit === null ? `${seats.used} (no limit)` : `${seats.used} of ${seats.limit}`;
}

/** Every seat is taken: a new owner, admin or member is refused (409) until one is freed. */
export function seatsFull(seats: Seats): boolean {
  return seats.limit !== null && seats.used >= seats.limit;
}
