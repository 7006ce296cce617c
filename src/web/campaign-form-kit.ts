/**
 * The campaigns page's forms (`campaign-*-routes.ts`): each checks that the campaign is on the page's committee
 * line, reads its form, calls the campaign's service and goes back to the campaign, or shows the campaigns page
 * again with the reasons (`answerForm`).
 */
import type { Principal } from "../auth/principal.ts";
import type { AppDeps } from "../http/types.ts";
import { campaignOfCommittee, campaignsView } from "../plan/committee-pages-service.ts";
import { campaignsPage } from "./campaigns-page.tsx";
import { answerForm, committeePageKit, type FormWrite } from "./committee-page-kit.ts";
import type { html } from "./page-kit.ts";

type Reply = Parameters<typeof html>[0];
/** The page's committee and, for a form about one campaign, that campaign. */
type At = { committeeId: string; campaignId?: string };

export function campaignFormKit(deps: AppDeps) {
  /** The campaigns page again, for a refused form (status 4xx) or after a change (done). */
  const campaignsAgain = committeePageKit(deps).formsPage(campaignsView, campaignsPage);

  /** A form of the campaigns page, about the campaign `at.campaignId` when given (its reach checked first). */
  function campaignForm<T>(reply: Reply, p: Principal, at: At, o: Omit<FormWrite<T>, "reach">) {
    const { committeeId, campaignId } = at;
    const reach = campaignId ? () => campaignOfCommittee(deps, p, { committeeId, campaignId }) : undefined;
    return answerForm(reply, (status, state) => campaignsAgain(reply, p, at, { status, state }), {
      ...o,
      reach,
    });
  }

  /** A button about the campaign (no fields): done → where `write` answers; refused → its message on top. */
  function campaignAction(reply: Reply, p: Principal, at: Required<At>, write: () => Promise<string>) {
    return campaignForm(reply, p, at, {
      form: "",
      values: {},
      read: { ok: true, value: undefined },
      write,
      onTop: () => true,
    });
  }

  return { campaignsAgain, campaignForm, campaignAction };
}
