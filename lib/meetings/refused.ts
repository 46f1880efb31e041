/** The request cannot be carried out as asked; nothing was sent to a provider. */
export class BookingRefusedError extends Error {
  override readonly name = 'BookingRefusedError';
}
