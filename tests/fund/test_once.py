"""A money form records once: the second of two simultaneous submits of the same form waits and then finds the first."""

import threading
import time
import uuid

import pytest
from django.db import connection, transaction

from fund.models import UsedFormToken, User
from fund.once import form_token_claim

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_submits_of_one_form_are_recorded_once():
    user = User.objects.create(email="dubbelklik@sif.example")
    token = str(uuid.uuid4())
    claimed: dict[str, bool] = {}
    first_claimed = threading.Event()

    def first():
        try:
            with transaction.atomic():
                claimed["first"] = form_token_claim(token=token, user=user)
                first_claimed.set()
                time.sleep(0.5)  # the first request is still writing when the second arrives
        finally:
            connection.close()

    def second():
        try:
            first_claimed.wait(5)
            with transaction.atomic():
                claimed["second"] = form_token_claim(token=token, user=user)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert claimed == {"first": True, "second": False}
    assert UsedFormToken.objects.filter(token=token).count() == 1


def test_a_refused_write_gives_its_token_back():
    user = User.objects.create(email="geweigerd@sif.example")
    token = str(uuid.uuid4())
    with transaction.atomic():
        assert form_token_claim(token=token, user=user)
        transaction.set_rollback(True)  # what submit_once does when the service refused
    assert form_token_claim(token=token, user=user)


def test_a_post_without_a_token_is_not_protected():
    user = User.objects.create(email="script@sif.example")
    assert form_token_claim(token="", user=user) and form_token_claim(token="", user=user)
