import { formatSlot } from '@/lib/ui/dates';
import type { BookingFlow } from '@/lib/ui/find/use-booking-flow';
import { BookingDialog } from './BookingDialog';

/** The confirmation of `useBookingFlow`, when one is open; nothing otherwise. */
export function BookingFlowDialog({ flow }: { flow: BookingFlow }) {
  const { open } = flow;
  if (!open) return null;
  const organizerEmail = flow.accounts.find((account) => account.id === open.form.accountId)?.email.toLowerCase();
  return (
    <BookingDialog
      key={open.phase.kind === 'booked' ? 'booked' : 'confirm'}
      when={formatSlot(open.slot.start, open.slot.end, open.timeZone)}
      timeZone={open.timeZone}
      attendees={open.participants.filter((person) => person.email.toLowerCase() !== organizerEmail)}
      form={open.form}
      accounts={flow.accounts}
      conferences={open.conferences}
      conferenceNotes={open.conferenceNotes}
      conferencesProblem={open.conferencesProblem}
      phase={open.phase}
      onChange={flow.edit}
      onSubmit={flow.book}
      onRemedy={flow.remedy}
      onClose={flow.close}
    />
  );
}
