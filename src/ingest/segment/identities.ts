import { ConflictError } from "../../core/index.js";
import type { Contact, ContactSession, ContactSource } from "../../contacts/index.js";

const INGEST: ContactSource = { channel: "ingest" };
import type { ProfileChange } from "./message.js";

/**
 * Resolves Segment identities (userId ↔ external id, anonymousId ↔ anonymous ids, email) to
 * contacts within one session, merging contacts that turn out to be the same person.
 * The session re-points anonymous ids and hands pending writes over when it merges, so a
 * contact merged away by a later message of the same call loses nothing.
 */
export class Identities {
  constructor(private readonly s: ContactSession) {}

  /** The contact a track/page/screen/group/identify call is about, created when new. */
  async resolve(userId: string | null, anonymousId: string | null, field: string): Promise<Contact> {
    const byAnonymousId = anonymousId === null ? undefined : this.byAnonymousId(anonymousId);
    if (userId === null) return byAnonymousId ?? this.createAnonymous(anonymousId!);
    const byUserId = this.s.find({ externalId: userId });
    if (byUserId) {
      if (anonymousId === null) return byUserId;
      if (!byAnonymousId) this.s.addAnonymousId(byUserId, anonymousId);
      // An id already tied to another user (a shared device) stays with that user.
      else if (byAnonymousId !== byUserId && byAnonymousId.externalId === null) await this.merge(byAnonymousId, byUserId);
      return byUserId;
    }
    if (byAnonymousId && byAnonymousId.externalId === null) {
      await this.s.setExternalId(byAnonymousId, userId, `${field}userId`);
      return byAnonymousId;
    }
    const contact = this.s.create({ externalId: userId }, INGEST);
    if (anonymousId !== null && !byAnonymousId) this.s.addAnonymousId(contact, anonymousId);
    return contact;
  }

  /**
   * alias: `previousId` (a user id or an anonymous id) is the same person as `userId`. A known
   * previous identity is merged into the userId's contact, or takes the userId when there is none
   * (unless it is an anonymous id already tied to another user); an unknown one is remembered as
   * an anonymous id of that contact.
   */
  async alias(previousId: string, userId: string, field: string): Promise<Contact> {
    const target = this.s.find({ externalId: userId });
    const previousUser = this.s.find({ externalId: previousId });
    const previous = previousUser ?? this.byAnonymousId(previousId);
    if (previous && target) {
      await this.merge(previous, target);
      return target;
    }
    if (previous && (previous === previousUser || previous.externalId === null)) {
      await this.s.setExternalId(previous, userId, `${field}userId`);
      return previous;
    }
    const contact = target ?? this.s.create({ externalId: userId }, INGEST);
    if (!previous && previousId !== userId) this.s.addAnonymousId(contact, previousId);
    return contact;
  }

  /**
   * Applies an identify call's traits. A new email held by another contact means the same
   * person unless both have different user ids: the anonymous one is merged into the other.
   * Returns the contact that carries on (the same one unless it was merged away).
   */
  async applyProfile(contact: Contact, profile: ProfileChange, field: string): Promise<Contact> {
    let current = contact;
    const { email } = profile;
    if (email !== null && current.email !== email) {
      const owner = this.s.find({ email });
      if (owner && owner !== current) {
        if (owner.externalId === null) await this.merge(owner, current);
        else if (current.externalId === null) {
          await this.merge(current, owner);
          current = owner;
        } else throw new ConflictError(`email ${email} already belongs to a contact with another userId`, `${field}traits.email`);
      }
      if (current.email !== email) await this.s.setEmail(current, email, `${field}traits.email`);
    }
    this.s.setProperties(current, profile.properties, `${field}traits.`);
    if (profile.timezone !== null) this.s.setTimezone(current, profile.timezone, `${field}traits.timezone`);
    return current;
  }

  /**
   * The browser `anonymousId` turned out to be `contact` (it submitted a form, or followed a
   * tracked email link): an unknown id becomes one of the contact's, and the anonymous visitor it
   * names is merged in with its history. A visitor already known as someone else (it has an email
   * or a user id: a shared computer) stays who it is. Returns whether the id is now the contact's.
   */
  async attachAnonymousId(contact: Contact, anonymousId: string): Promise<boolean> {
    if (!this.byAnonymousId(anonymousId)) this.s.addAnonymousId(contact, anonymousId);
    else if (this.byAnonymousId(anonymousId) !== contact) {
      const visitor = this.anonymousVisitor(anonymousId);
      if (!visitor) return false;
      await this.merge(visitor, contact);
    }
    return true;
  }

  /** The contact `anonymousId` names when it is still anonymous (no email, no user id). */
  anonymousVisitor(anonymousId: string): Contact | undefined {
    const visitor = this.byAnonymousId(anonymousId);
    return visitor && visitor.email === null && visitor.externalId === null ? visitor : undefined;
  }

  private async merge(from: Contact, into: Contact): Promise<void> {
    if (from !== into) await this.s.merge(from, into);
  }

  private byAnonymousId(anonymousId: string): Contact | undefined {
    return this.s.find({ anonymousId });
  }

  private createAnonymous(anonymousId: string): Contact {
    const contact = this.s.create({}, INGEST);
    this.s.addAnonymousId(contact, anonymousId);
    return contact;
  }
}
