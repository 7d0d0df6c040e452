"""The moderation engine: applies a charter to one message and returns a Decision.

It normalises the text once, runs every enabled rule's detectors (all of them, so the trace says why
each rule did or did not fire), climbs the sanctions ladder, plans the actions and writes the
statement of reasons. It reads the strike ledger and the sliding-window history but writes nothing
except through `process`, which records the message in the history and the strike in the ledger.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from bot.actions import notify_author
from bot.actions.base import ActionContext
from bot.actions.registry import ACTIONS
from bot.charter.fields import entry, pick
from bot.charter.ladder import ladder_actions, strike_weight
from bot.charter.schema import Charter, Rule
from bot.core.decision import ActionRequest, Decision, Detection, Mode, RuleOutcome
from bot.core.message import Message
from bot.core.ports import Scorer, StrikeLedger
from bot.detectors.base import DetectorContext, ScoresUnavailable
from bot.detectors.history import History
from bot.moderation.actions import merge_actions
from bot.moderation.compiled import RulePlan, exemption
from bot.moderation.notice import NoticeFacts, render_notice
from bot.moderation.protected import Shielded, shield
from bot.moderation.rules import Clause, PreparedRule, classifier_labels, prepare_rules
from bot.moderation.strikes import MemoryStrikeLedger
from bot.moderation.trace import describe_detections
from bot.text.language import guess_language
from bot.text.normalize import NormalizedText, normalize

_EXPLAINED_FEATURES = 5


class _LazyScores:
    """Scores computed at most once per message, and only if a rule asks for them."""

    def __init__(
        self, scorer: Scorer | None, text: str, value: Mapping[str, float] | None = None
    ) -> None:
        self._scorer, self._text = scorer, text
        self.value: Mapping[str, float] | None = value  # given: scored in a batch beforehand

    def __call__(self) -> Mapping[str, float]:
        if self._scorer is None:
            raise ScoresUnavailable("no classifier model is loaded")
        if self.value is None:
            self.value = self._scorer.score(self._text)
        return self.value


@dataclass(slots=True)
class SharedWork:
    """What engines deciding one message with one history share (the what-if's two charters):
    detections by clause key, and rule outcomes by rule key and language, so a clause or a rule
    both charters hold runs once."""

    detections: dict[str, Detection] = field(default_factory=dict)
    outcomes: dict[tuple[str, str], RuleOutcome] = field(default_factory=dict)


@dataclass
class ModerationEngine:
    """Applies one charter (optionally under a crisis profile) to messages."""

    charter: Charter
    scorer: Scorer | None = None
    strikes: StrikeLedger = field(default_factory=MemoryStrikeLedger)
    history: History = field(default_factory=History)
    profile: str | None = None
    # False: decisions without the classifiers' top features (the what-if compares only which
    # rules match and which actions follow; the explanations were a tenth of its time).
    explain: bool = True
    _rules: tuple[PreparedRule, ...] = field(init=False, repr=False)
    _by_id: dict[str, Rule] = field(init=False, repr=False)
    _scored: bool = field(init=False, repr=False)
    _mode: Mode = field(init=False, repr=False)
    _languages: list[str] = field(init=False, repr=False)
    _quiet: dict[str, RuleOutcome] = field(init=False, repr=False)
    _plan_rules: RulePlan = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.use_profile(self.profile)

    def use_profile(self, profile: str | None) -> None:
        """Switch to a stricter profile of the charter (None: the normal rules)."""
        if profile is not None and profile not in self.charter.profiles:
            raise KeyError(f"the charter has no profile {profile!r}")
        self.profile = profile
        self._rules = prepare_rules(self.charter, profile)
        self._quiet = {}
        self._plan_rules = RulePlan(self._rules)
        self._by_id = {prepared.rule.id: prepared.rule for prepared in self._rules}
        self._scored = bool(classifier_labels(self._rules))
        self._languages = self.charter.meta.languages
        mode = self.charter.meta.mode
        if profile and self.charter.profiles[profile].mode:
            mode = self.charter.profiles[profile].mode  # type: ignore[assignment]
        self._mode = {"shadow": Mode.SHADOW, "a_priori": Mode.HOLD}.get(mode, Mode.ENFORCE)

    @property
    def mode(self) -> Mode:
        """How decisions are applied now (the profile may change the charter's mode)."""
        return self._mode

    def decide(self, message: Message) -> Decision:
        """Decide on `message` without recording anything (what-if, `vigie check`)."""
        return self._decide(message, normalize(message.text))

    def process(
        self,
        message: Message,
        text: NormalizedText | None = None,
        scores: Mapping[str, float] | None = None,
        shared: SharedWork | None = None,
        *,
        seen: bool = False,
        observe: bool = True,
    ) -> Decision:
        """Decide on `message`, then record it in the history and its strikes in the ledger.

        `text` and `scores` are `normalize(message.text)` and the scorer's scores of its folded
        form when the caller computed them already for a whole batch (`bot.moderation.batch`).
        `shared`: filled and read by engines deciding the same message with the same history
        (the what-if's two charters): a clause or a rule both charters hold runs once.
        `seen`: the message was decided and recorded before (a replay, a restart, a redelivery):
        it still feeds the history, which later messages are judged against, but its strike is
        already counted. `observe=False`: the caller records the message in the history itself
        (`observe`), once for engines sharing one history (the what-if's two charters).
        """
        text = normalize(message.text) if text is None else text
        decision = self._decide(message, text, scores, shared)
        if observe:
            self.observe(message, text)
        if decision.strike_weight and decision.enforced and not seen:
            self.strikes.add(
                message.community,
                message.author.id,
                decision.matched[0],
                decision.strike_weight,
                message.ts,
                message.ts + self.charter.sanctions.strike_ttl,
            )
        return decision

    def observe(self, message: Message, text: NormalizedText) -> None:
        """Record a decided message in the history that later messages are judged against."""
        if not message.edited:  # an edit is judged again but is not one more message
            self.history.observe(message, text)

    def _decide(
        self,
        message: Message,
        text: NormalizedText,
        given: Mapping[str, float] | None = None,
        shared: SharedWork | None = None,
    ) -> Decision:
        lang = guess_language(text.words, self._languages)
        scores = _LazyScores(self.scorer, text.folded, given if self._scored else None)
        context = DetectorContext(text, self.history, message.ts, scores)
        if shared is None:  # one message, one charter: the compiled loop
            outcomes = self._plan_rules.outcomes(message, context, lang)
        else:
            outcomes = tuple(
                [self._apply(rule, message, context, lang, shared) for rule in self._rules]
            )
        shielded = None
        if self.charter.protected is not None:
            shielded = shield(self.charter.protected, outcomes, self._by_id, context, lang, message)
            outcomes = shielded.outcomes
        all_scores, degraded = self._all_scores(scores)
        decision = Decision(
            message=message,
            at=message.ts,
            outcomes=outcomes,
            actions=(),
            mode=self.mode,
            scores=all_scores,
            language=lang,
            degraded=degraded,
        )
        matched = [outcome for outcome in outcomes if outcome.matched]
        if matched:
            return self._sanction(decision, matched, scores)
        return self._review(decision, shielded) if shielded else decision

    def _review(self, decision: Decision, shielded: Shielded) -> Decision:
        """Protected speech held back on a model score or a plain link: a moderator looks,
        nothing else."""
        within = self.charter.protected.review if self.charter.protected else None
        if not shielded.review or within is None:
            return decision
        rule = self._by_id[shielded.review]
        context = ActionContext.for_message(decision.message, decision.at).with_rule(
            rule.id, rule.severity, pick(rule.title, self._languages[0])
        )
        escalate = ACTIONS["escalate"]
        request = escalate.plan(escalate.Config(within=within), context)
        params = {**request.params, "protected": list(shielded.kinds)}
        return replace(decision, actions=(replace(request, params=params),))

    def _apply(
        self,
        prepared: PreparedRule,
        message: Message,
        context: DetectorContext,
        lang: str,
        shared: SharedWork,
    ) -> RuleOutcome:
        key = (prepared.key, lang)
        outcome = shared.outcomes.get(key)
        if outcome is None:
            outcome = self._apply_rule(prepared, message, context, lang, shared.detections)
            shared.outcomes[key] = outcome
        return outcome

    def _apply_rule(
        self,
        prepared: PreparedRule,
        message: Message,
        context: DetectorContext,
        lang: str,
        shared: dict[str, Detection],
    ) -> RuleOutcome:
        rule = prepared.rule
        exempt = exemption(prepared, message, lang) if prepared.exempting else None
        if exempt:
            return RuleOutcome(rule.id, False, exempt, rule.severity, exempt=exempt)
        detections = tuple([_run_shared(c, message, context, shared) for c in prepared.clauses])
        hits = [d.matched for d in detections]
        matched = all(hits) if prepared.require_all else any(hits)
        if not matched:
            return self._quiet_outcome(rule, detections)
        # Only a rule that fired is worded now (the notice and the case need it); why the others
        # did not fire is in their detections and worded on demand (`describe_outcome`).
        reason = describe_detections(detections, lang, only_matched=True)
        return RuleOutcome(rule.id, matched, reason, rule.severity, detections)

    def _quiet_outcome(self, rule: Rule, detections: tuple[Detection, ...]) -> RuleOutcome:
        """A rule that did not fire. Most messages get the very detections the last one got (the
        detectors' shared "nothing here" verdicts): the outcome is then the last one, too."""
        last = self._quiet.get(rule.id)
        if last is not None and all(map(operator.is_, last.detections, detections)):
            return last
        outcome = self._quiet[rule.id] = RuleOutcome(rule.id, False, "", rule.severity, detections)
        return outcome

    def _all_scores(self, scores: _LazyScores) -> tuple[dict[str, float], tuple[str, ...]]:
        if not self._scored:
            return {}, ()
        try:
            return dict(scores()), ()
        except ScoresUnavailable:
            return {}, ("classifiers",)

    def _sanction(
        self, decision: Decision, matched: Sequence[RuleOutcome], scores: _LazyScores
    ) -> Decision:
        """The decision once the rules that fired have chosen their sanctions and notice."""
        message = decision.message
        rules = [self._by_id[o.rule] for o in matched]
        lead = max(rules, key=lambda r: r.severity)
        weight = strike_weight(rules, self.charter.sanctions)
        strikes = weight + self.strikes.live_strikes(
            message.community, message.author.id, message.ts
        )
        context = ActionContext.for_message(message, message.ts).with_rule(
            lead.id, lead.severity, pick(lead.title, self._languages[0])
        )
        planned = self._plan(rules, lead.severity, strikes, weight, context)
        actions = merge_actions(planned, self.mode, context)
        reviewed = any(a.kind in ("escalate", "hold") for a in actions)
        facts = NoticeFacts(
            message.author.name, lead, _excerpt(matched, lead.id), strikes, reviewed
        )
        notice = None
        if _targets_author(actions):
            notice = render_notice(self.charter, facts, actions, decision.language)
        return replace(
            decision,
            actions=tuple(_attach_notice(actions, notice, context)),
            explanations=_explanations(self.scorer, scores, matched) if self.explain else {},
            strikes=strikes,
            strike_weight=weight,
            severity=lead.severity,
            notice=notice,
        )

    def _plan(
        self,
        rules: Sequence[Rule],
        severity: int,
        strikes_after: int,
        weight: int,
        context: ActionContext,
    ) -> list[ActionRequest]:
        """Each rule's own actions (attributed to it), then the ladder's (to the leading rule)."""
        ladder = ladder_actions(self.charter.sanctions, severity, strikes_after, weight)
        specs = [
            (context.with_rule(rule.id, rule.severity, pick(rule.title, self._languages[0])), item)
            for rule in rules
            for item in rule.actions
        ]
        specs += [(context, item) for item in ladder]
        planned = []
        for action_context, item in specs:
            name, config = entry(item)
            planned.append(ACTIONS[name].plan(config, action_context))
        return planned


def _run_shared(
    clause: Clause, message: Message, context: DetectorContext, shared: dict[str, Detection]
) -> Detection:
    found = shared.get(clause.key)
    if found is None:
        found = shared[clause.key] = clause.run(message, context)
    return found


def _excerpt(matched: Sequence[RuleOutcome], rule_id: str) -> str | None:
    for outcome in matched:
        if outcome.rule == rule_id:
            for detection in outcome.detections:
                if detection.matched and detection.excerpt:
                    return detection.excerpt
    return None


def _targets_author(actions: Sequence[ActionRequest]) -> bool:
    return any(getattr(ACTIONS.get(a.kind), "TARGETS_AUTHOR", False) for a in actions)


def _attach_notice(
    actions: list[ActionRequest], notice: str | None, context: ActionContext
) -> list[ActionRequest]:
    """The warning carries the statement of reasons; without one, a private notice does."""
    if notice is None:
        return actions
    if any(a.kind == "warn" for a in actions):
        return [replace(a, notice=notice) if a.kind == "warn" else a for a in actions]
    return [*actions, notify_author.with_notice(context, notice)]


def _explanations(
    scorer: Scorer | None, scores: _LazyScores, matched: Sequence[RuleOutcome]
) -> dict[str, list[tuple[str, float]]]:
    """Top features behind each classifier label that made a rule match (cheap: linear model)."""
    if scorer is None or scores.value is None:
        return {}
    labels = {
        d.detail.get("label")
        for o in matched
        for d in o.detections
        if d.matched and d.detector == "classifier"
    }
    return {
        label: scorer.explain(scores._text, label, _EXPLAINED_FEATURES)
        for label in sorted(filter(None, labels))
    }
