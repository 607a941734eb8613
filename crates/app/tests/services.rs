//! 办事服务 (DOMAIN §17): a guide is published only with its basis and time limit, its
//! completeness is reported element by element, a change published later than 1
//! working day after its approval is flagged (across a holiday), a sample form's
//! personal data must be kept with a reason before the guide goes out, the public finds
//! services by life event, and a service list is imported from .xlsx row by row. On
//! every backend.

use gongkai_app::pii_review::{PiiDecisionInput, PiiSubject};
use gongkai_app::services::{ServiceInput, ServiceQuery};
use gongkai_app::testing::*;
use gongkai_app::{App, AppError, AttachmentUpload};
use gongkai_domain::role::Role;
use gongkai_domain::service::Element;

fn guide(name: &str) -> ServiceInput {
    ServiceInput {
        org: "czj".into(),
        name: name.into(),
        audience: "person".into(),
        themes: vec!["assistance".into(), "社会保险".into()],
        basis: "《社会救助暂行办法》第四十七条".into(),
        office: "县财政局".into(),
        steps: "1. 申请\n2. 审核\n3. 发放".into(),
        materials: "身份证\n申请书".into(),
        mistakes: "申请书须本人签字".into(),
        fees: "不收费".into(),
        time_limit: "20个工作日".into(),
        place: "政务服务中心".into(),
        hours: "工作日".into(),
        phone: "0591-22345678".into(),
        complaint_phone: "12345".into(),
        approved_on: "2026-03-02".into(),
        ..Default::default()
    }
}

fn messages(e: &AppError) -> String {
    match e {
        AppError::Invalid(v) => v
            .iter()
            .map(|i| i.message.clone())
            .collect::<Vec<_>>()
            .join("；"),
        e => e.to_string(),
    }
}

#[tokio::test]
async fn a_guide_without_its_basis_or_time_limit_cannot_be_published() {
    for c in TestCounty::all().await {
        let keeper = c.actor("keeper", Role::DisclosureOfficer, c.dept).await;
        let mut g = guide("临时救助给付");
        g.basis.clear();
        g.time_limit = "  ".into();
        let e = c
            .app
            .save_service(&keeper, None, &g, true)
            .await
            .unwrap_err();
        let m = messages(&e);
        assert!(
            m.contains("办理依据") && m.contains("办理时限"),
            "{}: {m}",
            c.label
        );
        assert!(
            c.app.staff_services(&keeper).await.unwrap().is_empty(),
            "nothing saved"
        );
        // As a draft it is kept, and the completeness check names what it lacks.
        let id = c.app.save_service(&keeper, None, &g, false).await.unwrap();
        let views = c.app.staff_services(&keeper).await.unwrap();
        assert_eq!(views[0].missing, vec![Element::Basis, Element::TimeLimit]);
        let comp = App::service_completeness(&views);
        assert_eq!((comp[0].total, comp[0].complete), (1, 0));
        assert!(
            c.app.public_service(id).await.is_err(),
            "a draft is not public"
        );
        // Someone of another organisation may not write it.
        let other = c.actor("other", Role::DisclosureOfficer, c.town).await;
        assert!(matches!(
            c.app
                .save_service(&other, Some(id), &guide("x"), false)
                .await,
            Err(AppError::Forbidden(_))
        ));
        g.basis = "《社会救助暂行办法》".into();
        g.time_limit = "即时办结".into();
        c.app
            .save_service(&keeper, Some(id), &g, true)
            .await
            .unwrap();
        // Published, it is changed only by publishing the change.
        let e = c
            .app
            .save_service(&keeper, Some(id), &g, false)
            .await
            .unwrap_err();
        assert!(messages(&e).contains("直接发布"), "{}", messages(&e));
    }
}

#[tokio::test]
async fn a_change_published_more_than_one_working_day_after_approval_is_late() {
    for c in TestCounty::all().await {
        let keeper = c.actor("keeper", Role::DisclosureOfficer, c.dept).await;
        // Approved on Tuesday 30 September 2025; 1–8 October is the National Day
        // holiday, so Thursday 9 October is still on time and Friday 10 is late.
        let mut g = guide("失业保险金申领");
        g.approved_on = "2025-09-30".into();
        c.clock.set(at(d("2025-10-09")));
        let on_time = c.app.save_service(&keeper, None, &g, true).await.unwrap();
        c.clock.set(at(d("2025-10-10")));
        g.name = "就业创业证申领".into();
        let late = c.app.save_service(&keeper, None, &g, true).await.unwrap();
        let views = c.app.staff_services(&keeper).await.unwrap();
        let of = |id| views.iter().find(|v| v.service.id == id).unwrap();
        assert!(!of(on_time).late, "{}", c.label);
        assert!(of(late).late);
        assert_eq!(of(late).publish_by, Some(d("2025-10-09")));
        let flagged = c.app.late_guides(&keeper).await.unwrap();
        assert_eq!(flagged.len(), 1);
        assert_eq!(flagged[0].service.id, late);
        // A date of approval in the future is refused.
        g.name = "第三项".into();
        g.approved_on = "2025-10-20".into();
        assert!(c.app.save_service(&keeper, None, &g, true).await.is_err());
    }
}

#[tokio::test]
async fn a_sample_forms_personal_data_is_kept_with_a_reason_before_publication() {
    for c in TestCounty::all().await {
        let keeper = c.actor("keeper", Role::DisclosureOfficer, c.dept).await;
        let mut g = guide("最低生活保障对象认定");
        g.steps = "申请人电话13812345678联系窗口\n审核".into();
        let id = c.app.save_service(&keeper, None, &g, false).await.unwrap();
        let csv = "申请人姓名,身份证号码\n张三,11010519491231002X\n"
            .as_bytes()
            .to_vec();
        c.app
            .add_service_file(
                &keeper,
                id,
                "sample",
                &AttachmentUpload {
                    filename: "填写示例.csv".into(),
                    bytes: csv,
                },
            )
            .await
            .unwrap_err();
        // CSV is not an accepted upload; an .xlsx sample is.
        let x = gongkai_app::testing::xlsx_of(&[
            &["申请人姓名", "身份证号码"],
            &["张三", "11010519491231002X"],
        ]);
        c.app
            .add_service_file(
                &keeper,
                id,
                "sample",
                &AttachmentUpload {
                    filename: "填写示例.xlsx".into(),
                    bytes: x,
                },
            )
            .await
            .unwrap();
        let e = c
            .app
            .save_service(&keeper, Some(id), &g, true)
            .await
            .unwrap_err();
        assert!(
            messages(&e).contains("3处个人信息尚未确认"),
            "{}: {}",
            c.label,
            messages(&e)
        );
        let (_, review, _) = c.app.service_view(&keeper, id).await.unwrap();
        let decide = |keep: bool| -> Vec<PiiDecisionInput> {
            review
                .findings
                .iter()
                .map(|f| PiiDecisionInput {
                    value: f.value.clone(),
                    keep: keep && f.in_file,
                    reason: if keep && f.in_file {
                        "示范文本样例".into()
                    } else {
                        String::new()
                    },
                })
                .collect()
        };
        // Masking what is in the file is not possible: refused until kept or replaced.
        c.app
            .decide_pii(&keeper, &PiiSubject::Service(id), &decide(false))
            .await
            .unwrap();
        let e = c
            .app
            .save_service(&keeper, Some(id), &g, true)
            .await
            .unwrap_err();
        assert!(messages(&e).contains("附件"), "{}", messages(&e));
        assert!(c.app.service_file(None, id, 1).await.is_err());
        c.app
            .decide_pii(&keeper, &PiiSubject::Service(id), &decide(true))
            .await
            .unwrap();
        c.app
            .save_service(&keeper, Some(id), &g, true)
            .await
            .unwrap();
        let public = c.app.public_service(id).await.unwrap();
        assert_eq!(
            public.steps[0], "申请人电话138****5678联系窗口",
            "the text is masked"
        );
        let audit = recent_audit(&c.app, Some("pii.decide"), 5).await;
        assert_eq!(audit.len(), 2);
        assert!(
            !audit[0].detail.to_string().contains("11010519491231002X"),
            "the trail names the masked form"
        );
    }
}

#[tokio::test]
async fn the_public_finds_services_by_life_event_and_word() {
    for c in TestCounty::all().await {
        let keeper = c.actor("keeper", Role::DisclosureOfficer, c.dept).await;
        c.app
            .save_service(&keeper, None, &guide("临时救助给付"), true)
            .await
            .unwrap();
        let mut b = guide("企业投资项目备案");
        b.audience = "legal".into();
        b.themes = vec!["工程建设".into()];
        c.app.save_service(&keeper, None, &b, true).await.unwrap();
        let mut draft = guide("未发布的事项");
        draft.basis.clear();
        c.app
            .save_service(&keeper, None, &draft, false)
            .await
            .unwrap();
        let q = |theme: &str, audience: &str, word: &str| ServiceQuery {
            theme: (!theme.is_empty()).then(|| theme.into()),
            audience: (!audience.is_empty()).then(|| audience.into()),
            q: (!word.is_empty()).then(|| word.into()),
            org: None,
        };
        let names = |v: Vec<gongkai_app::services::ServiceView>| -> Vec<String> {
            v.into_iter().map(|s| s.service.fields.name).collect()
        };
        assert_eq!(
            names(c.app.public_services(&q("", "", "")).await.unwrap()).len(),
            2
        );
        assert_eq!(
            names(
                c.app
                    .public_services(&q("assistance", "", ""))
                    .await
                    .unwrap()
            ),
            vec!["临时救助给付"]
        );
        assert_eq!(
            names(c.app.public_services(&q("", "legal", "")).await.unwrap()),
            vec!["企业投资项目备案"]
        );
        assert_eq!(
            names(c.app.public_services(&q("", "", "备案")).await.unwrap()),
            vec!["企业投资项目备案"]
        );
        assert!(c.app.public_services(&q("无此主题", "", "")).await.is_err());
    }
}

#[tokio::test]
async fn a_service_list_is_imported_row_by_row_or_not_at_all() {
    for c in TestCounty::all().await {
        let keeper = c.actor("keeper", Role::DisclosureOfficer, c.dept).await;
        let bad = xlsx_of(&[
            &["县财政局政务服务事项清单", "", "", ""],
            &["事项\n名称", "实施主体", "设定依据", "承诺时限"],
            &[
                "政府采购投诉处理",
                "县财政局",
                "《政府采购法》第五十六条",
                "30个工作日",
            ],
            &["", "县财政局", "", ""],
            &["政府采购投诉处理", "县财政局", "", ""],
        ]);
        let e = c
            .app
            .import_services(&keeper, "czj", &bad)
            .await
            .unwrap_err();
        let m = messages(&e);
        assert!(
            m.contains("第4行：事项名称为空") && m.contains("第5行"),
            "{}: {m}",
            c.label
        );
        assert!(
            c.app.staff_services(&keeper).await.unwrap().is_empty(),
            "nothing imported"
        );
        let good = xlsx_of(&[
            &["事项名称", "实施主体", "设定依据", "承诺时限", "服务对象"],
            &[
                "政府采购投诉处理",
                "县财政局",
                "《政府采购法》第五十六条",
                "30个工作日",
                "法人",
            ],
            &["非税收入票据核销", "县财政局", "", "", ""],
        ]);
        assert_eq!(
            c.app.import_services(&keeper, "czj", &good).await.unwrap(),
            2
        );
        let views = c.app.staff_services(&keeper).await.unwrap();
        assert!(
            views.iter().all(|v| v.service.published_on.is_none()),
            "imported as drafts"
        );
        // Imported again: every name is already there.
        let e = c
            .app
            .import_services(&keeper, "czj", &good)
            .await
            .unwrap_err();
        assert!(messages(&e).contains("本机构已有服务事项"));
    }
}
