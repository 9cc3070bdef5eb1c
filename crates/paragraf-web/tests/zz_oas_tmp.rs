mod common;
#[tokio::test]
async fn dump() {
    let site = common::Site::new().await;
    let a = site.get("/api/v1/openapi.json", None).await;
    assert_eq!(a.headers["content-type"], "application/json");
    std::fs::write("/tmp/oaswork/openapi.json", a.body).unwrap();
}
