//! 依申请公开 rules: the reply clock across holidays, 调休, pauses, corrections and
//! extensions (every due date below was counted by hand on the year's notice and checked
//! with `gongkai calendar add-workdays`), the fee bands, the outcome rows, the workflow
//! table and the applicant checks.

use chrono::NaiveDate;
use gongkai_domain::application::applicant::{credit_code_is_valid, mask_id, resident_id_is_valid};
use gongkai_domain::application::fee::{per_application_fee, per_page_fee};
use gongkai_domain::application::{
    Action, ApplicantInput, ClockEvent as E, ClockSettings, ClockState, Fen, Outcome, OutcomeGroup,
    PauseKind, RequestInput, Status, reply_clock,
};
use gongkai_domain::calendar::WorkCalendar;
use gongkai_domain::publication::ClockStatus;
use gongkai_domain::role::Role;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn clock(history: &[E], today: &str) -> gongkai_domain::application::ReplyClock {
    reply_clock(
        &WorkCalendar::builtin(),
        history,
        ClockSettings::default(),
        d(today),
    )
}

#[test]
fn twenty_working_days_across_national_day_and_its_make_up_days() {
    // Received Fri 26 Sep 2025: Sun 28 Sep and Sat 11 Oct are working days, 1–8 Oct are not.
    let c = clock(&[E::Received(d("2025-09-26"))], "2025-09-26");
    assert_eq!(c.due_on, Some(d("2025-10-30")));
    assert_eq!(c.state, ClockState::Running);
    assert!(!c.provisional);
    assert_eq!((c.used, c.left), (0, 20));
    // Seven days in, only Sun 28, Mon 29 and Tue 30 Sep have counted.
    let c = clock(&[E::Received(d("2025-09-26"))], "2025-10-08");
    assert_eq!((c.used, c.left, c.status), (3, 17, ClockStatus::OnTime));
    let c = clock(&[E::Received(d("2025-09-26"))], "2025-10-24");
    assert_eq!((c.used, c.left, c.status), (16, 4, ClockStatus::DueSoon));
    let c = clock(&[E::Received(d("2025-09-26"))], "2025-10-30");
    assert_eq!((c.used, c.left, c.status), (20, 0, ClockStatus::DueSoon));
    let c = clock(&[E::Received(d("2025-09-26"))], "2025-10-31");
    assert_eq!((c.used, c.left, c.status), (21, -1, ClockStatus::Overdue));
    // A weekend after the due date is already late, though no working day was added.
    // Received on the make-up Sunday 28 Sep: due Fri 31 Oct, late on Sat 1 Nov.
    let c = clock(&[E::Received(d("2025-09-28"))], "2025-11-01");
    assert_eq!(c.due_on, Some(d("2025-10-31")));
    assert_eq!((c.used, c.left), (20, 0));
    assert_eq!(c.status, ClockStatus::Overdue);
}

#[test]
fn spring_festival_2026_with_saturday_make_up_days() {
    // Sat 14 Feb and Sat 28 Feb 2026 are working days; 15–23 Feb are not.
    let c = clock(&[E::Received(d("2026-02-06"))], "2026-02-06");
    assert_eq!(c.due_on, Some(d("2026-03-12")));
    let c = clock(&[E::Received(d("2026-02-06"))], "2026-02-23");
    assert_eq!(c.used, 6, "9–13 Feb and the make-up Saturday");
}

#[test]
fn a_receipt_on_a_holiday_counts_from_the_next_working_day() {
    // Received on National Day (online applications arrive any day).
    let c = clock(&[E::Received(d("2025-10-03"))], "2025-10-03");
    // 9, 10, 11 (Sat, make-up), 13 … : the 20th is Tue 4 Nov.
    assert_eq!(c.due_on, Some(d("2025-11-04")));
}

fn pause(on: &str, kind: PauseKind, id: i64) -> E {
    E::PauseStarted {
        on: d(on),
        kind,
        id,
    }
}

fn resume(on: &str, id: i64) -> E {
    E::PauseEnded { on: d(on), id }
}

#[test]
fn consultation_time_is_left_out_of_the_clock() {
    let received = E::Received(d("2025-03-03"));
    let plain = clock(&[received], "2025-03-03");
    assert_eq!(plain.due_on, Some(d("2025-03-31")));
    // Letter to the third party on Mon 10 Mar, answer on Mon 24 Mar: 4–10 Mar count (5),
    // 11–24 Mar do not, the remaining 15 run from 25 Mar across 清明 (4–6 Apr).
    let history = [
        received,
        pause("2025-03-10", PauseKind::ThirdParty, 1),
        resume("2025-03-24", 1),
    ];
    let c = clock(&history, "2025-03-24");
    assert_eq!(c.due_on, Some(d("2025-04-15")));
    assert_eq!((c.used, c.state), (5, ClockState::Running));
    // While the consultation runs, the clock stands; the date assumes no earlier answer.
    let c = clock(&history[..2], "2025-03-20");
    assert_eq!(c.state, ClockState::Paused(PauseKind::ThirdParty));
    assert_eq!(c.paused_until, Some(d("2025-03-31")));
    assert_eq!((c.used, c.left), (5, 15));
    // Two consultations add up.
    let mut two = history.to_vec();
    two.push(pause("2025-04-01", PauseKind::CoAgency, 2));
    two.push(resume("2025-04-03", 2));
    let c = clock(&two, "2025-04-03");
    // 2 and 3 Apr left out: the 15th counted day moves from 15 Apr to 17 Apr.
    assert_eq!(c.due_on, Some(d("2025-04-17")));
}

/// Art.32 and Art.34 give the consulted party 15 working days from receipt of the letter,
/// and Art.33 第三款 leaves out only the time the consultation needs: without an answer the
/// clock resumes by itself on the 16th working day.
#[test]
fn an_unanswered_consultation_ends_by_itself_after_fifteen_working_days() {
    for kind in [PauseKind::ThirdParty, PauseKind::CoAgency] {
        let history = [E::Received(d("2025-03-03")), pause("2025-03-10", kind, 7)];
        // 11–31 Mar (15 working days) are left out; from 1 Apr the clock runs again and
        // the 15 days still owed end on 22 Apr (清明 4 Apr is a holiday).
        let c = clock(&history, "2025-03-31");
        assert_eq!(c.state, ClockState::Paused(kind));
        assert_eq!(c.due_on, Some(d("2025-04-22")));
        let c = clock(&history, "2025-04-01");
        assert_eq!(
            c.state,
            ClockState::Running,
            "no answer recorded, yet it runs"
        );
        assert_eq!((c.used, c.left), (6, 14));
        let c = clock(&history, "2025-04-22");
        assert_eq!(c.status, ClockStatus::DueSoon);
        let c = clock(&history, "2025-04-23");
        assert_eq!(c.status, ClockStatus::Overdue);
        // An answer recorded after the 15 days changes nothing.
        let mut late = history.to_vec();
        late.push(resume("2025-04-10", 7));
        assert_eq!(clock(&late, "2025-04-10").due_on, Some(d("2025-04-22")));
    }
}

/// A third party and a co-producing agency may be consulted at the same time (Art.32,
/// Art.34); the days left out are the union, and each answer ends its own consultation.
#[test]
fn overlapping_consultations_each_end_on_their_own() {
    let history = [
        E::Received(d("2025-03-03")),
        pause("2025-03-10", PauseKind::ThirdParty, 1),
        pause("2025-03-12", PauseKind::CoAgency, 2),
        // The agency answers first: the third party's consultation still runs.
        resume("2025-03-14", 2),
    ];
    let c = clock(&history, "2025-03-17");
    assert_eq!(c.state, ClockState::Paused(PauseKind::ThirdParty));
    assert_eq!(c.used, 5);
    // The third party answers on 20 Mar: 11–20 Mar left out, counting resumes 21 Mar.
    let mut both = history.to_vec();
    both.push(resume("2025-03-20", 1));
    let c = clock(&both, "2025-03-21");
    assert_eq!((c.state, c.used), (ClockState::Running, 6));
    assert_eq!(c.due_on, Some(d("2025-04-11")));
    // Ending the earlier one first leaves the later one running to its own end.
    let other = [
        E::Received(d("2025-03-03")),
        pause("2025-03-10", PauseKind::ThirdParty, 1),
        pause("2025-03-12", PauseKind::CoAgency, 2),
        resume("2025-03-13", 1),
    ];
    let c = clock(&other, "2025-03-20");
    assert_eq!(c.state, ClockState::Paused(PauseKind::CoAgency));
    // The agency's 15 working days from 12 Mar end on 2 Apr.
    assert_eq!(c.paused_until, Some(d("2025-04-02")));
}

#[test]
fn a_correction_stops_the_clock_and_the_corrected_application_restarts_it() {
    // Received Mon 28 Apr 2025: the notice must go out by 12 May (劳动节 1–5 May).
    let received = E::Received(d("2025-04-28"));
    let c = clock(&[received], "2025-04-28");
    assert_eq!(c.correction_notice_by, Some(d("2025-05-12")));
    let waiting = [received, E::CorrectionRequested(d("2025-04-30"))];
    let c = clock(&waiting, "2025-05-06");
    assert_eq!(c.state, ClockState::AwaitingCorrection);
    assert_eq!((c.due_on, c.used, c.correction_notice_by), (None, 0, None));
    // The corrected application arrives Tue 6 May: 20 working days from then, across 端午.
    let mut corrected = waiting.to_vec();
    corrected.push(E::CorrectionReceived(d("2025-05-06")));
    let c = clock(&corrected, "2025-05-06");
    assert_eq!(c.counts_from, Some(d("2025-05-06")));
    assert_eq!(c.due_on, Some(d("2025-06-04")));
    assert_eq!(c.state, ClockState::Running);
}

/// Art.30: the reply period runs from the corrected application; a case closed because
/// no correction came was never on the clock, so it is neither late nor on time.
#[test]
fn a_case_closed_for_want_of_correction_was_never_late() {
    let history = [
        E::Received(d("2025-04-28")),
        E::CorrectionRequested(d("2025-04-30")),
        // Closed months later, long after 20 working days from receipt.
        E::Replied(d("2025-08-01")),
    ];
    let c = clock(&history, "2025-09-01");
    assert_eq!(c.state, ClockState::NeverStarted);
    assert_eq!(c.status, ClockStatus::OnTime);
    assert!(!c.is_overdue());
    assert_eq!((c.used, c.due_on, c.counts_from), (0, None, None));
}

#[test]
fn an_extension_adds_at_most_twenty_working_days() {
    let history = [
        E::Received(d("2025-09-26")),
        E::Extended(d("2025-10-20"), 20),
    ];
    let c = clock(&history, "2025-10-31");
    assert_eq!(c.allowed, 40);
    assert_eq!(c.due_on, Some(d("2025-11-27")));
    assert_eq!(c.status, ClockStatus::OnTime);
    let greedy = [
        E::Received(d("2025-09-26")),
        E::Extended(d("2025-10-20"), 15),
        E::Extended(d("2025-10-21"), 15),
    ];
    assert_eq!(clock(&greedy, "2025-10-21").allowed, 40);
}

#[test]
fn a_reply_stops_the_clock_and_keeps_its_figures() {
    let history = [E::Received(d("2025-09-26")), E::Replied(d("2025-10-30"))];
    let c = clock(&history, "2026-01-10");
    assert_eq!(c.state, ClockState::Stopped);
    assert_eq!((c.used, c.left, c.status), (20, 0, ClockStatus::OnTime));
    let late = [E::Received(d("2025-09-26")), E::Replied(d("2025-11-03"))];
    let c = clock(&late, "2026-01-10");
    assert_eq!((c.used, c.status), (22, ClockStatus::Overdue));
}

#[test]
fn a_year_without_its_notice_gives_a_provisional_date() {
    let c = clock(&[E::Received(d("2026-12-10"))], "2026-12-10");
    assert!(c.provisional, "January 2027 has no loaded notice");
    assert!(c.due_on.is_some());
}

#[test]
fn fee_bands_per_application_and_per_page() {
    let per_app = [
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (51, 400),
    ];
    for (nth, yuan) in per_app {
        assert_eq!(
            per_application_fee(nth),
            Fen::yuan(yuan),
            "application {nth}"
        );
    }
    let per_page = [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 2700),
        (201, 2740),
        (250, 4700),
    ];
    for (pages, yuan) in per_page {
        assert_eq!(per_page_fee(pages), Fen::yuan(yuan), "{pages} pages");
    }
    assert_eq!(Fen(12345).to_string(), "123.45元");
    assert_eq!(Fen::yuan(12345).wan_yuan(), "1.2345");
    assert_eq!(Fen(50).wan_yuan(), "0.0001");
    assert_eq!(Fen(49).wan_yuan(), "0.0000");
}

#[test]
fn outcomes_are_the_report_rows() {
    let count = |g: OutcomeGroup| Outcome::ALL.iter().filter(|o| o.group() == g).count();
    assert_eq!(
        OutcomeGroup::ALL
            .iter()
            .map(|&g| count(g))
            .collect::<Vec<_>>(),
        [1, 1, 8, 3, 5, 3]
    );
    for o in Outcome::ALL {
        assert_eq!(o.as_str().parse::<Outcome>().unwrap(), *o);
        let basis_left_to_staff = matches!(o, Outcome::Reconfirm | Outcome::OtherHandling);
        assert_eq!(o.default_basis().is_none(), basis_left_to_staff, "{o:?}");
    }
    assert_eq!(Outcome::StateSecret.full_label(), "不予公开：属于国家秘密");
    assert_eq!(Outcome::Disclosed.full_label(), "予以公开");
    let e = "withheld".parse::<Outcome>().unwrap_err();
    assert_eq!(e.field, "outcome");
}

#[test]
fn every_action_fits_its_states_only() {
    for a in Action::ALL {
        for s in Status::ALL {
            let fits = a.from_states().contains(s);
            assert_eq!(a.refusal(*s).is_none(), fits, "{a:?} in {s:?}");
        }
        assert!(a.required_roles().contains(&Role::DisclosureHead));
    }
    assert_eq!(Action::Extend.required_roles(), &[Role::DisclosureHead]);
    let why = Action::Deliver.refusal(Status::Processing).unwrap();
    assert!(why.contains("办理中") && why.contains("已答复"), "{why}");
    // Every path ends in the archive, and only the three closing actions reach 已答复.
    let to_replied: Vec<_> = Action::ALL
        .iter()
        .filter(|a| a.target() == Some(Status::Replied))
        .collect();
    assert_eq!(
        to_replied,
        [
            &Action::CloseUncorrected,
            &Action::CloseUnpaid,
            &Action::Reply
        ]
    );
    assert!(Status::Consulting.is_open() && !Status::Replied.is_open());
}

#[test]
fn applicants_need_a_name_an_identity_and_a_way_to_be_reached() {
    let person = ApplicantInput {
        kind: "natural_person".into(),
        name: " 张三 ".into(),
        id_kind: "resident_card".into(),
        id_number: "11010519491231002x".into(),
        phone: "13800000000".into(),
        ..Default::default()
    };
    let a = person.parse().unwrap();
    assert_eq!(
        (a.name.as_str(), a.id_number.as_str()),
        ("张三", "11010519491231002X")
    );

    let errors = ApplicantInput::default().parse().unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["kind", "id_kind", "name", "id_number", "phone"]);

    let bad_check = ApplicantInput {
        id_number: "110105194912310021".into(),
        ..person.clone()
    };
    assert_eq!(bad_check.parse().unwrap_err()[0].field, "id_number");

    let company = ApplicantInput {
        kind: "business".into(),
        name: "云溪某某建材有限公司".into(),
        id_kind: "credit_code".into(),
        id_number: "11990000MB0000001M".into(),
        email: "not-an-email".into(),
        ..Default::default()
    };
    let fields: Vec<_> = company
        .parse()
        .unwrap_err()
        .iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["email", "contact_person"]);

    assert!(resident_id_is_valid("11010519491231002X"));
    assert!(!resident_id_is_valid("1101051949123100"));
    assert!(credit_code_is_valid("11990000MB0000001M"));
    assert!(credit_code_is_valid("11990000MB0000002Q"));
    assert!(!credit_code_is_valid("11990000MB0000002M"));
    assert!(
        !credit_code_is_valid("11990000MB000000IQ"),
        "I is not a code character"
    );
    assert_eq!(mask_id("11010519491231002X"), "110*************2X");
}

#[test]
fn a_request_names_the_information_and_how_to_deliver_it() {
    let ok = RequestInput {
        doc_number: "云政办发（2024）3号".into(),
        delivery_form: "electronic".into(),
        delivery_way: "email".into(),
        ..Default::default()
    }
    .parse()
    .unwrap();
    assert_eq!(ok.doc_number_normalized, "云政办发〔2024〕3号");
    let errors = RequestInput {
        description: "第一行\u{7}".into(),
        delivery_form: "fax".into(),
        ..Default::default()
    }
    .parse()
    .unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["description", "delivery_form", "delivery_way"]);
    assert!(errors[1].message.contains("fax"));
}

#[test]
fn letter_templates_check_their_placeholders_and_fill_from_the_case() {
    use gongkai_domain::application::LetterKind;
    use gongkai_domain::application::letter::{check_template, fill};
    for k in LetterKind::ALL {
        check_template(k.default_template()).unwrap();
        assert!(!k.steps().is_empty());
        assert_eq!(LetterKind::of_step(k.steps()[0]), Some(*k));
    }
    let e = check_template("{{申请人}}：\n{{身份证号码}}").unwrap_err();
    assert!(e.message.contains("{{身份证号码}}"), "{}", e.message);
    let e = check_template("{{申请人").unwrap_err();
    assert_eq!(e.field, "template");
    let mut v = std::collections::BTreeMap::new();
    v.insert("申请人", "王晓明".to_owned());
    v.insert("办理结果", "予以公开".to_owned());
    let lines = fill(
        "{{申请人}}：\n答复：{{办理结果}}。\n{{不予公开部分}}\n依据：{{法律依据}}",
        &v,
    );
    assert_eq!(lines, ["王晓明：", "答复：予以公开。", "依据："]);
}
