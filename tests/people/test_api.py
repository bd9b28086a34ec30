"""/api/v1/people/: scoped reads, filters, admin-only writes."""

import pytest

from people.models import Person

pytestmark = pytest.mark.django_db


def emails(response) -> set[str]:
    return {row["email"] for row in response.json()["results"]}


def test_rep_sees_only_themselves(as_role, org):
    assert emails(as_role("ae").get("/api/v1/people/")) == {org.ae.email}


def test_manager_sees_their_tree_and_themselves(as_role, org):
    found = emails(as_role("manager").get("/api/v1/people/"))
    assert found == {org.manager.email, org.ae.email, org.sdr.email}


def test_admin_sees_everyone(as_role):
    assert len(emails(as_role("admin").get("/api/v1/people/"))) == 7


def test_filter_by_role_and_segment(as_role, org):
    client = as_role("admin")
    assert emails(client.get("/api/v1/people/?role=sdr&segment=inbound")) == {
        org.outsider_sdr.email
    }


def test_filter_by_manager(as_role, org):
    found = emails(as_role("admin").get(f"/api/v1/people/?manager={org.manager.id}"))
    assert found == {org.ae.email, org.sdr.email}


def test_someone_outside_the_tree_is_404(as_role, org):
    response = as_role("manager").get(f"/api/v1/people/{org.outsider_ae.id}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_admin_adds_a_person(as_role, org):
    response = as_role("admin").post(
        "/api/v1/people/",
        {"name": "Nia New", "email": "nia@pacer.example", "role": "ae", "manager": org.manager.id},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Person.objects.get(email="nia@pacer.example").manager == org.manager


def test_rep_cannot_change_their_own_record(as_role, org):
    response = as_role("ae").patch(f"/api/v1/people/{org.ae.id}/", {"name": "X"}, format="json")
    assert response.status_code == 403
    assert Person.objects.get(id=org.ae.id).name == "Avery Stone"


def test_manager_changing_an_outsider_is_404_not_403(as_role, org):
    response = as_role("manager").patch(
        f"/api/v1/people/{org.outsider_ae.id}/", {"name": "X"}, format="json"
    )
    assert response.status_code == 404


def test_an_sdr_needs_a_segment(as_role):
    response = as_role("admin").post(
        "/api/v1/people/",
        {"name": "No Segment", "email": "ns@pacer.example", "role": "sdr"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"sdr_segment": ["An SDR needs a segment."]}


def test_a_manager_cannot_report_to_their_own_report(as_role, org):
    response = as_role("admin").patch(
        f"/api/v1/people/{org.manager.id}/", {"manager": org.ae.id}, format="json"
    )
    assert response.status_code == 400
    assert "manager" in response.json()["fields"]


def test_people_are_never_deleted(as_role, org):
    assert as_role("admin").delete(f"/api/v1/people/{org.ae.id}/").status_code == 405
