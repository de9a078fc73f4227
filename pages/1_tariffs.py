"""Tariffs: the offers to compare. Presets, add, duplicate, rename, delete, edit, import and export."""

import streamlit as st

from calc import InputError, Tariff, parse_tariffs
from calc.decks import deck_csv_text
from calc.i18n import _, data_text, ngettext
from calc.tariff import COMPONENT_TYPES, check_unique_names
from ui import data, nav
from ui import state as keys
from ui.i18n import setup_language
from ui.safe import md, section
from ui.tariff_fields import component_type_name, option_name
from ui.tariff_form import (
    COMPONENT_FIELDS,
    NEW_COMPONENTS,
    TARIFF_FIELDS,
    build_tariff,
    deck_preview,
    deck_summary,
    field_value,
    form_prefix,
    new_component_values,
)

setup_language()  # first: the page title speaks it
st.set_page_config(page_title=_("Tariffs · Tariff Compare"), page_icon=":telephone_receiver:", layout="wide")
keys.init_state()
nav.sidebar()
state = st.session_state


def widget(spec, key: str, start, currency: str) -> None:
    """One field of the editor: its label and help in the page's language; a select stores its option's value."""
    label, help_text = spec.label_text(currency), spec.help_text()
    if spec.kind == "select":
        shown = {option: option_name(option) for option in spec.options}  # fixed in this run's language
        st.selectbox(
            label, spec.options, index=spec.options.index(start), key=key, help=help_text, format_func=shown.get
        )
    elif spec.kind == "check":
        st.checkbox(label, value=start, key=key, help=help_text)
    elif spec.kind == "int":
        st.number_input(label, min_value=0, max_value=6, value=start, step=1, key=key, help=help_text)
    elif spec.kind == "deck":
        deck_widget(spec, key, start, currency)
    elif spec.kind in ("lines", "tiers", "segments", "bands", "dates"):
        st.text_area(label, value=start, key=key, help=help_text, height=90)
    else:
        st.text_input(label, value=start, key=key, help=help_text)
    problem = state[keys.FORM_ERRORS].get(key)
    if problem:
        st.error(md(problem), icon=":material/error:")


def deck_widget(spec, key: str, rows, currency: str) -> None:
    """A component's rate deck: what it holds now, an upload that replaces it on Save, a way to drop it."""
    if rows:
        st.caption(_("**Rate deck**: {summary}. The first rows:").format(summary=deck_summary(rows)))
        st.dataframe(deck_preview(rows, currency=currency), hide_index=True, width="stretch")
        st.checkbox(_("Drop the deck when saving"), key=f"{key}_drop")
    st.file_uploader(
        (_("{field}: replace the deck") if rows else _("{field}: price by destination")).format(field=_(spec.label)),
        type=["csv"],
        key=key,
        help=spec.help_text(),
    )


def field_input(tariff: Tariff, index: int, spec, prefix: str):
    """What a component field holds when the form is saved (a deck: its upload, kept rows, or none)."""
    key = f"{prefix}_{index}_{spec.name}"
    if spec.kind != "deck":
        return state[key]
    upload = state.get(key)
    if upload is not None:
        return (upload.name, upload.getvalue())
    if state.get(f"{key}_drop"):
        return None
    return tariff.components[index].destinations


def save(tariff_id: int, prefix: str, adding: bool = False) -> None:
    """Form callback: validate the editor's values with the tariff models and keep the tariff if valid.

    With `adding`, the component type chosen in the form is added as well: an added component
    goes through the same checks as every other change and keeps the form's unsaved edits.
    """
    try:
        checked_save(tariff_id, prefix, adding)
    except Exception as error:  # noqa: BLE001 - the editor's boundary: a message in the form, never a traceback
        state[keys.FORM_ERRORS] = {
            f"{prefix}_form": _("Not saved: internal error ({error}).").format(error=type(error).__name__)
        }


def checked_save(tariff_id: int, prefix: str, adding: bool) -> None:
    """`save` itself, inside the editor's boundary."""
    tariff = keys.tariff_by_id(tariff_id)
    values = {spec.name: state[f"{prefix}_{spec.name}"] for spec in TARIFF_FIELDS}
    components = []
    for index, component in enumerate(tariff.components):
        if state.get(f"{prefix}_{index}_remove"):
            continue
        fields = {spec.name: field_input(tariff, index, spec, prefix) for spec in COMPONENT_FIELDS[component.type]}
        components.append((index, component.type, fields))
    added = state[f"{prefix}_add_kind"] if adding else None
    if added is not None:
        components.append((None, added, new_component_values(added)))
    built, problems = build_tariff(values, [(kind, fields) for _position, kind, fields in components])
    errors = {}
    for (position, name), message in problems.items():
        if position is None:
            errors[f"{prefix}_{name}" if name in {s.name for s in TARIFF_FIELDS} else f"{prefix}_form"] = message
        elif components[position][0] is None:
            errors[f"{prefix}_form"] = _("The new {kind} component: {problem}").format(
                kind=component_type_name(added), problem=message
            )
        else:
            original = components[position][0]
            errors[f"{prefix}_{original}_{name}" if name else f"{prefix}_{original}_component"] = message
    if built is not None:
        others = [t for i, t in zip(state[keys.TARIFF_IDS], state[keys.TARIFFS], strict=True) if i != tariff_id]
        try:
            check_unique_names([*others, built], "the tariff set")  # not user text: the message is not shown
        except InputError:
            errors[f"{prefix}_name"] = _("another tariff is already called {name}").format(name=repr(built.name))
    state[keys.FORM_ERRORS] = errors
    if not errors:
        keys.replace_tariff(tariff_id, built)
        state["tariffs_flash"] = (
            _("Added a component to '{name}': {kind}.").format(name=md(built.name), kind=component_type_name(added))
            if added
            else _("Saved '{name}'.").format(name=md(built.name))
        )


def replace_set(tariffs: list, flash: str, keep_contract: bool) -> None:
    """Replace the tariff set: straight away when it holds nothing of the user's, else ask first."""
    if keys.holds_own_work():
        state["tariffs_confirm_replace"] = {"tariffs": tariffs, "flash": flash, "keep_contract": keep_contract}
        return
    apply_replace(tariffs, flash, keep_contract)


def apply_replace(tariffs: list, flash: str, keep_contract: bool) -> None:
    keys.set_tariffs(tariffs)
    if not keep_contract:
        state[keys.CURRENT_CONTRACT] = None
    state["tariffs_flash"] = flash


def answer_replace(replace: bool) -> None:
    """Replacing the set, second step: replace it, or keep the user's tariffs."""
    pending = state.pop("tariffs_confirm_replace", None)
    if replace and pending:
        apply_replace(pending["tariffs"], pending["flash"], pending["keep_contract"])


def pick() -> None:
    state[keys.EDITING] = state["tariffs_pick"]
    state["tariffs_confirm_delete"] = None  # a question about another tariff is not carried over


def ask_delete(tariff_id: int) -> None:
    """Delete, first step: ask (nothing is removed until the answer)."""
    state["tariffs_confirm_delete"] = tariff_id


def answer_delete(tariff_id: int, delete: bool) -> None:
    """Delete, second step: remove the tariff, or keep it."""
    state["tariffs_confirm_delete"] = None
    if delete and tariff_id in state[keys.TARIFF_IDS]:
        name = keys.tariff_by_id(tariff_id).name
        keys.delete_tariff(tariff_id)
        state["tariffs_flash"] = _("Deleted '{name}'.").format(name=md(name))


def unique_name(base: str) -> str:
    """`base`, or `base (2)`, `base (3)`... the first name no tariff of the set has."""
    names = {t.name for t in state[keys.TARIFFS]}
    candidate, number = base, 2
    while candidate in names:
        candidate, number = f"{base} ({number})", number + 1
    return candidate


st.title(_("Tariffs"))
st.caption(
    _(
        "The offers to compare. Start from the presets, edit any field, add your vendors' offers, or import tariff "
        "files (YAML or JSON, the format in docs/billing-rules.md). The set is kept while you move between pages."
    )
)
with st.container():  # drawn on every run: a message that comes and goes never moves the form below
    if state.get("tariffs_flash"):
        st.success(state.pop("tariffs_flash"))  # not user text: a key; the message was written translated

tariffs, ids = state[keys.TARIFFS], state[keys.TARIFF_IDS]
st.dataframe(
    [
        {
            _("Tariff"): t.name,
            _("Currency"): t.currency,
            _("Components"): ", ".join(t.labels),
            _("Description"): data_text(t.description),
        }
        for t in tariffs
    ],
    hide_index=True,
    width="stretch",
)

actions = st.columns([3, 1, 1, 1])
if ids:
    names = {i: t.name for i, t in zip(ids, tariffs, strict=True)}
    editing = state[keys.EDITING] if state[keys.EDITING] in names else ids[0]
    state[keys.EDITING] = state["tariffs_pick"] = editing  # the set decides; a pick updates it in the callback
    actions[0].selectbox(_("Tariff to edit"), ids, format_func=names.get, key="tariffs_pick", on_change=pick)
else:
    editing = None
    actions[0].info(_("The set is empty: add a tariff or restore the presets."))
actions[1].write("")
if actions[1].button(_("New tariff"), key="tariffs_new", icon=":material/add:"):
    tariff = Tariff.model_validate({"name": unique_name(_("New tariff")), "components": [NEW_COMPONENTS["per_minute"]]})
    state[keys.EDITING] = keys.add_tariff(tariff)
    st.rerun()
actions[2].write("")
if editing is not None and actions[2].button(_("Duplicate"), key="tariffs_duplicate", icon=":material/content_copy:"):
    original = keys.tariff_by_id(editing)
    state[keys.EDITING] = keys.add_tariff(
        original.model_copy(update={"name": unique_name(_("{name} copy").format(name=original.name))}), after=editing
    )
    st.rerun()
actions[3].write("")
if editing is not None:
    actions[3].button(_("Delete"), key="tariffs_delete", icon=":material/delete:", on_click=ask_delete, args=(editing,))
with st.container():  # the question about a delete, in a place of its own
    if editing is not None and state.get("tariffs_confirm_delete") == editing:
        st.warning(
            _("Delete **{name}**? It leaves the set and the comparison; export the set first to keep a copy.").format(
                name=md(names[editing])
            )
        )
        yes, no, _spare = st.columns([1, 1, 4])
        yes.button(
            _("Delete it"),
            key="tariffs_delete_confirm",
            type="primary",
            on_click=answer_delete,
            args=(editing, True),
            icon=":material/delete:",
        )
        no.button(_("Keep it"), key="tariffs_delete_cancel", on_click=answer_delete, args=(editing, False))

if editing is not None:
    tariff = keys.tariff_by_id(editing)
    prefix = form_prefix(editing, tariff)
    st.subheader(_("Edit {name}").format(name=md(tariff.name)))
    with st.form(f"{prefix}_form_widget", border=True):
        form_problem = state[keys.FORM_ERRORS].get(f"{prefix}_form")
        if form_problem:
            st.error(md(form_problem))
        plain = [spec for spec in TARIFF_FIELDS if spec.kind != "dates"]
        head = st.columns([3, 4, 1, 1, 1.4])
        for column, spec in zip(head, plain, strict=True):
            with column:
                widget(spec, f"{prefix}_{spec.name}", field_value(tariff, spec), tariff.currency)
        holidays_col, _spare = st.columns([1, 3])
        with holidays_col:
            for spec in (spec for spec in TARIFF_FIELDS if spec.kind == "dates"):
                widget(spec, f"{prefix}_{spec.name}", field_value(tariff, spec), tariff.currency)
        for index, (label, component) in enumerate(zip(tariff.labels, tariff.components, strict=True)):
            st.markdown(f"**{index + 1}. {md(label)}** · {component_type_name(component.type)} `{component.type}`")
            problem = state[keys.FORM_ERRORS].get(f"{prefix}_{index}_component")
            if problem:
                st.error(md(problem), icon=":material/error:")
            specs = COMPONENT_FIELDS[component.type]
            plain = [spec for spec in specs if not spec.multiline and not spec.group]
            areas = [spec for spec in specs if spec.multiline]
            deck = [spec for spec in specs if spec.group == "deck"]
            for row, columns in ((plain, st.columns(4)), (areas, st.columns(3) if areas else [])):
                for position, spec in enumerate(row):
                    with columns[position % len(columns)]:
                        widget(spec, f"{prefix}_{index}_{spec.name}", field_value(component, spec), tariff.currency)
            if deck:
                deck_columns = st.columns([1, 1, 4])
                for position, spec in enumerate(deck):
                    with deck_columns[min(position, 2)]:
                        widget(spec, f"{prefix}_{index}_{spec.name}", field_value(component, spec), tariff.currency)
            st.checkbox(_("Remove this component when saving"), key=f"{prefix}_{index}_remove")
        save_col, kind_col, add_col = st.columns([2, 2, 1], vertical_alignment="bottom")
        save_col.form_submit_button(
            _("Save tariff"),
            type="primary",
            on_click=save,
            args=(editing, prefix),
            icon=":material/save:",
            key=f"{prefix}_save",
        )
        kind_col.selectbox(
            _("Add a component of type"),
            COMPONENT_TYPES,
            key=f"{prefix}_add_kind",
            format_func={kind: component_type_name(kind) for kind in COMPONENT_TYPES}.get,  # in this run's language
        )
        add_col.form_submit_button(
            _("Save and add"),
            on_click=save,
            args=(editing, prefix, True),
            icon=":material/add:",
            key=f"{prefix}_add",
            help=_("Saves the form's changes and adds a component of the chosen type"),
        )

    decks = [
        (label, component.destinations)
        for label, component in zip(tariff.labels, tariff.components, strict=True)
        if getattr(component, "destinations", None)
    ]
    for number, (label, rows) in enumerate(decks):
        st.download_button(
            _("Download the rate deck of {component} (CSV)").format(component=label),
            lambda rows=rows: deck_csv_text(rows),
            file_name=f"{label.replace(' ', '_')}_deck.csv",  # not user text: a file name
            mime="text/csv",
            key=f"tariffs_deck_download_{number}",
            icon=":material/download:",
        )

st.subheader(_("Files"))
load_col, save_col = st.columns(2)
with load_col:
    upload = st.file_uploader(_("Import tariffs (YAML or JSON)"), type=["yaml", "yml", "json"], key="tariffs_upload")
    replace = st.checkbox(_("Replace the current set instead of adding"), key="tariffs_replace")
    if upload is not None and st.button(_("Import"), key="tariffs_import", icon=":material/upload:"):
        try:
            text = upload.getvalue().decode("utf-8-sig")
        except UnicodeDecodeError:
            st.error(_("{file}: not UTF-8 text; tariff files are YAML or JSON text.").format(file=md(upload.name)))
        else:
            loaded = None
            with section(_("The import")):
                read = parse_tariffs(text, upload.name)
                check_unique_names(read if replace else [*state[keys.TARIFFS], *read], upload.name)
                loaded = read  # only once both checks passed
            if loaded is not None:
                flash = ngettext(
                    "Imported {count} tariff from {file}.", "Imported {count} tariffs from {file}.", len(loaded)
                ).format(count=len(loaded), file=md(upload.name))
                if replace:
                    replace_set(loaded, flash, keep_contract=True)
                else:
                    for tariff in loaded:
                        keys.add_tariff(tariff)
                    state["tariffs_flash"] = flash
                st.rerun()
    if st.button(_("Restore the presets"), key="tariffs_restore", icon=":material/restart_alt:"):
        replace_set(keys.presets(), _("The presets are back."), keep_contract=False)
        st.rerun()
    if state.get("tariffs_confirm_replace"):
        current_count, new_count = len(state[keys.TARIFFS]), len(state["tariffs_confirm_replace"]["tariffs"])
        st.warning(
            ngettext(
                "This replaces the {count} tariff of this workspace, your own changes included, with {new}. "
                "Replace it?",
                "This replaces the {count} tariffs of this workspace, your own changes included, with {new}. "
                "Replace them?",
                current_count,
            ).format(count=current_count, new=new_count)
        )
        yes, no = st.columns(2)
        yes.button(
            _("Replace them"), key="tariffs_replace_confirm", on_click=answer_replace, args=(True,), type="primary"
        )
        no.button(_("Keep my tariffs"), key="tariffs_replace_cancel", on_click=answer_replace, args=(False,))
with save_col:
    current = state[keys.TARIFFS]
    current_keys = data.tariff_texts(current)
    st.download_button(
        _("Export the set as YAML"),
        data.tariffs_document(current_keys, "yaml", current),
        file_name="tariffs.yaml",
        mime="application/yaml",
        key="tariffs_export_yaml",
        icon=":material/download:",
    )
    st.download_button(
        _("Export the set as JSON"),
        lambda: data.tariffs_document(current_keys, "json", current),
        file_name="tariffs.json",
        mime="application/json",
        key="tariffs_export_json",
        icon=":material/download:",
    )
with st.expander(_("The current set as YAML")):
    st.code(data.tariffs_document(current_keys, "yaml", current), language="yaml")

st.page_link("pages/2_compare.py", label=_("Next: compare them on your log"), icon=":material/arrow_forward:")

keys.save_workspace()  # what this run changed, so a reload shows it
