//! The trace in Korean: one arm per event, in the vocabulary of the lessons
//! (`static/lessons/*.json`) and the UI tables: 브로커, 리더, 팔로워, 복제본,
//! 에포크, 펜스됨, 세대 (generation), 배정, 코디네이터, 리밸런스, 커밋,
//! 컨트롤드 셧다운; Kafka's own names (ISR, HW, LEO, acks, API and state names,
//! error codes, config keys) stay as Kafka writes them. Particles that depend
//! on the last sound of an id are written both ways, as Korean software
//! does: 이(가), 을(를), (으)로. Command echo lines and free-text error
//! messages go through the pattern rows of [`super::ko_text`].

use super::ko_text;
use super::trace_fmt::{brokers, config_map, partitions, string_list};
use crate::sim::ids::BrokerId;
use crate::sim::trace::{
    CoordinatorLoss, DisruptionCause, LeaveReason, LossExplanation, MemberRemoval, PartitionChangeReason,
    RebalanceReason, RemovalReason, TraceEvent as E,
};

/// `event` in Korean.
pub(super) fn render(event: &E) -> String {
    lifecycle(event)
        .or_else(|| controller(event))
        .or_else(|| group(event))
        .or_else(|| consumer(event))
        .or_else(|| producer_and_ledger(event))
        .unwrap_or_else(|| super::trace_en::render(event))
}

fn lifecycle(event: &E) -> Option<String> {
    Some(match event {
        E::Command(c) => ko_text::line(&c.describe()),
        E::BrokerCrashed(b) => format!("브로커 {b} 장애(크래시)"),
        E::BrokerStarted(b) => format!("브로커 {b} 시작됨"),
        E::BrokerStopped(b) => format!("브로커 {b} 중지됨"),
        E::ConsumerKilled(c) => format!("컨슈머 {c} 강제 종료됨"),
        E::ControlledShutdownBegins(b) => format!("브로커 {b} 컨트롤드 셧다운 시작"),
        E::ControlledShutdownCompleted(b) => format!("브로커 {b} 컨트롤드 셧다운 완료"),
        E::BecameLeader { broker, tp, epoch, leo } => format!("{tp}의 새 리더: 브로커 {broker} (에포크 {epoch}, LEO {leo})"),
        E::Truncated { broker, tp, to, epoch, epoch_end, removed } => format!(
            "브로커 {broker}: {tp}의 로그를 오프셋 {to}까지 잘라냄 (갈라진 에포크 {epoch}의 끝 {epoch_end}), 레코드 {removed}개 삭제"
        ),
        E::ShrinkIsr { leader, tp, out, lag_ms } => {
            format!("{tp}의 리더 {leader}: 팔로워 {}이(가) {lag_ms} ms 동안 따라오지 못함 → ISR 축소", brokers(out))
        }
        E::SegmentsDeleted { broker, tp, reason, segments, records, log_start } => match reason {
            RemovalReason::DeleteRecords => format!(
                "브로커 {broker}: {tp}의 log start offset이 {log_start}(으)로 이동 (DeleteRecords), 레코드 {records}개는 더 이상 읽을 수 없음"
            ),
            _ => format!(
                "브로커 {broker}: {tp}의 세그먼트 {segments}개 삭제 ({}), 레코드 {records}개; log start offset {log_start}",
                removal_reason(*reason)
            ),
        },
        E::LogCleaned { broker, tp, first_dirty, end, removed, dirty_ratio_ppm } => format!(
            "브로커 {broker}의 로그 클리너가 {tp} [{first_dirty}, {end}) 구간을 컴팩션 (dirty ratio {}%): 레코드 {removed}개 제거, 오프셋은 그대로",
            dirty_ratio_ppm / 10_000
        ),
        _ => return None,
    })
}

fn partition_reason(r: &PartitionChangeReason) -> String {
    use PartitionChangeReason as R;
    match r {
        R::BrokerFenced(b) => format!("브로커 {b} 펜스됨"),
        R::BrokerInControlledShutdown(b) => format!("브로커 {b} 컨트롤드 셧다운 중"),
        R::BrokerUnfenced(b) => format!("브로커 {b} 펜스 해제"),
        R::LeaderShrinksIsr(b) => format!("리더 {b}의 ISR 축소"),
        R::LeaderExpandsIsr(b) => format!("리더 {b}의 ISR 확장"),
        R::AutoLeaderRebalance => "자동 리더 재조정".to_string(),
        R::LeaderElection => "리더 선출".to_string(),
        R::LeaderElectionTool => "kafka-leader-election".to_string(),
    }
}

fn leader_id(l: Option<BrokerId>) -> String {
    l.map_or("없음".to_string(), |b| b.0.to_string())
}

fn controller(event: &E) -> Option<String> {
    Some(match event {
        E::PartitionChanged { tp, reason, leader, isr, unclean, offline } => {
            let mut text = format!("{tp} ({}): ", partition_reason(reason));
            match leader {
                Some((old, new, epoch)) => {
                    text += &format!(
                        "리더 {} → {}, 에포크 {epoch}, ISR {}",
                        leader_id(*old),
                        leader_id(*new),
                        brokers(isr)
                    );
                }
                None => text += &format!("새 ISR {}", brokers(isr)),
            }
            if *unclean {
                text += " — 언클린 선출: ISR 밖의 복제본이 리더가 됨; 그 복제본에 없는 레코드는 유실됨";
            } else if *offline {
                text += " — 오프라인: 살아 있는 ISR 복제본이 없음";
            }
            text
        }
        E::ControlledShutdownRequested(b) => {
            format!("브로커 {b}이(가) 컨트롤드 셧다운 요청 → 그 브로커의 리더 역할을 다른 브로커로 옮김")
        }
        E::RegistrationRefused(b) => format!("브로커 {b} 등록 거부: 이전 실행의 세션이 아직 살아 있음"),
        E::Registered { broker, broker_epoch } => {
            format!("브로커 {broker} 등록됨, 브로커 에포크 {broker_epoch} (메타데이터를 따라잡을 때까지 펜스됨)")
        }
        E::Unfenced(b) => format!("브로커 {b}이(가) 메타데이터 로그를 따라잡음 → 펜스 해제"),
        E::Fenced { broker, timeout_ms: t } => {
            format!("브로커 {broker}: {}.{}초 동안 하트비트 없음 → 펜스됨", t / 1000, t % 1000 / 100)
        }
        E::BrokerConfigs { broker: Some(b), configs } => format!("브로커 {b} 동적 설정 변경: {}", config_map(configs)),
        E::BrokerConfigs { broker: None, configs } => {
            format!("클러스터 전체 브로커 기본 설정 변경: {}", config_map(configs))
        }
        E::TopicCreated { name, partitions, replication_factor } => {
            format!("토픽 {name} 생성: 파티션 {partitions}개, 복제 수 {replication_factor}")
        }
        E::TopicCreateFailed { name, message } => format!("토픽 {name} 생성 실패: {}", ko_text::phrase(message)),
        E::TopicDeleted(t) => format!("토픽 {t} 삭제됨"),
        E::PartitionsAdded { topic, from, to } => format!("토픽 {topic}: 파티션 {from}개 → {to}개"),
        E::TopicConfigs { topic, overrides } => format!("토픽 {topic} 설정 변경: {}", config_map(overrides)),
        _ => return None,
    })
}

fn removal(why: &MemberRemoval) -> String {
    match why {
        MemberRemoval::SessionTimeout { ms } => format!("세션 타임아웃 ({ms} ms 동안 하트비트 없음)"),
        MemberRemoval::Left => "그룹을 떠남 (LeaveGroup)".to_string(),
    }
}

fn rebalance(why: &RebalanceReason) -> String {
    use RebalanceReason as R;
    match why {
        R::NewStaticMember => "새 정적 멤버 참여".to_string(),
        R::StaticMemberNewMetadata => "정적 멤버가 새 메타데이터로 다시 참여".to_string(),
        R::MemberJoined(m) => format!("멤버 {m} 참여"),
        R::MemberMetadataChanged => "멤버 메타데이터 변경".to_string(),
        R::LeaderRejoined => "그룹 리더가 다시 참여".to_string(),
        R::MemberRemoved { member, why } => format!("멤버 {member} {}", removal(why)),
    }
}

/// A group ledger cause in Korean.
pub(super) fn cause(c: &DisruptionCause) -> String {
    use DisruptionCause as C;
    match c {
        C::Unknown => "알 수 없음".to_string(),
        C::Rebalance(why) => format!("리밸런스: {}", rebalance(why)),
        C::MemberRemoved { member, why } => format!("멤버 {member} {}", removal(why)),
        C::ConsumerCrashed(c) => format!("컨슈머 {c} 장애(크래시)"),
        C::PollTimeoutExceeded(c) => format!("컨슈머 {c}의 max.poll.interval.ms 초과"),
        C::Seek { tp, offset } => format!("{tp}의 위치를 {offset}(으)로 이동 (seek)"),
        C::OffsetsReset { tp, offset } => format!("{tp}의 오프셋을 {offset}(으)로 재설정"),
    }
}

fn or_dash(t: &str) -> &str {
    if t.is_empty() {
        "-"
    } else {
        t
    }
}

fn group(event: &E) -> Option<String> {
    Some(match event {
        E::InconsistentProtocol { group, client, offered_type, offered, group_type, group_protocols } => format!(
            "그룹 {group}: {client}의 JoinGroup 거부 (INCONSISTENT_GROUP_PROTOCOL): 요청한 프로토콜 {} {}, 그룹의 프로토콜 {} {}",
            or_dash(offered_type),
            string_list(offered),
            or_dash(group_type),
            string_list(group_protocols)
        ),
        E::StaticMemberRejoined { group, instance, new_id, old_id } => {
            format!("그룹 {group}: 정적 멤버 {instance}이(가) {new_id}(으)로 다시 참여; 이전 ID {old_id}은(는) 펜스됨")
        }
        E::PreparingRebalance { group, generation, why, delay_ms } => format!(
            "그룹 {group} → PreparingRebalance (세대 {generation}): {}; 참여 단계 최대 {delay_ms} ms",
            rebalance(why)
        ),
        E::MembersRemoved { group, members } => {
            format!("그룹 {group}: {} 제거 (리밸런스 타임아웃 안에 다시 참여하지 않음)", string_list(members))
        }
        E::JoinCompleted { group, state, generation, members, leader, protocol } => format!(
            "그룹 {group} → {} 세대 {generation}: 멤버 {}, 리더 {leader}, 프로토콜 {}",
            state.name(),
            string_list(members),
            protocol.as_deref().unwrap_or("-")
        ),
        E::SyncCompleted { group, generation, assignments } => {
            let lines: Vec<String> = assignments.iter().map(|(m, tps)| format!("{m}: {}", partitions(tps))).collect();
            format!("그룹 {group} → Stable 세대 {generation}: {}", lines.join("; "))
        }
        E::MemberRemoved { group, member, why } => format!("그룹 {group}: 멤버 {member} 제거됨: {}", removal(why)),
        E::CoordinatorResigned { broker, tp } => {
            format!("브로커 {broker}이(가) {tp}의 코디네이터에서 물러남 (더 이상 그 파티션의 리더가 아님)")
        }
        E::GroupLoaded { broker, group, tp, state, generation, members, offsets } => format!(
            "브로커 {broker}이(가) {tp}에서 그룹 {group}을(를) 읽어 들임: {} 세대 {generation}, 멤버 {members}명, 커밋된 오프셋 {offsets}개",
            state.name()
        ),
        _ => return None,
    })
}

fn coordinator_loss(why: &CoordinatorLoss) -> &'static str {
    match why {
        CoordinatorLoss::RequestTimedOut => "요청 시간 초과",
        CoordinatorLoss::ConnectionRefused => "연결 거부",
        CoordinatorLoss::Error(e) => e.name(),
    }
}

fn consumer(event: &E) -> Option<String> {
    Some(match event {
        E::CoordinatorUnavailable { consumer, broker, why } => {
            format!("컨슈머 {consumer}: 코디네이터 브로커 {broker} 사용 불가 ({})", coordinator_loss(why))
        }
        E::CoordinatorFound { consumer, broker } => {
            format!("컨슈머 {consumer}: 그룹 코디네이터는 브로커 {}", broker.map_or(-1, |b| i64::from(b.0)))
        }
        E::ConsumerFatal { consumer, error } => format!("컨슈머 {consumer}: 치명적 오류 {}; 컨슈머가 멈춤", error.name()),
        E::PartitionsLostOnError { consumer, error, lost } => {
            format!("컨슈머 {consumer}: {} → 파티션 잃음 {}", error.name(), partitions(lost))
        }
        E::PartitionsLost { consumer, lost } => format!("컨슈머 {consumer}: 파티션 잃음 {}", partitions(lost)),
        E::EagerRevoke { consumer, revoked } => format!("컨슈머 {consumer}: eager 리밸런스로 {} 반납", partitions(revoked)),
        E::AssignmentMismatch { consumer, generation, assignment, tp } => format!(
            "컨슈머 {consumer} 세대 {generation}: 받은 배정 {}이(가) 현재 구독과 맞지 않음 ({tp}은(는) 구독하지 않은 토픽); 다시 참여함",
            partitions(assignment)
        ),
        E::Assigned { consumer, generation, assigned, added, revoked } => format!(
            "컨슈머 {consumer} 세대 {generation}: 배정 {}, 추가 {}, 반납 {}",
            partitions(assigned),
            partitions(added),
            partitions(revoked)
        ),
        E::PollTimeout { consumer, max_poll_interval_ms } => format!(
            "컨슈머 {consumer}: poll 타임아웃 만료 (max.poll.interval.ms {max_poll_interval_ms} ms): 그룹에서 나감"
        ),
        E::LeaveGroup { consumer, why } => {
            let why = match why {
                LeaveReason::PollTimeout => "poll 타임아웃",
                LeaveReason::ConsumerClosed => "컨슈머 종료",
            };
            format!("컨슈머 {consumer}: LeaveGroup 전송 ({why})")
        }
        E::CommitFailed { consumer, error } => {
            format!("컨슈머 {consumer}: 오프셋 커밋 실패: {} (CommitFailedException)", error.name())
        }
        E::FetchConnectionClosed { consumer, broker } => {
            format!("컨슈머 {consumer}: 브로커 {broker}와의 연결이 끊김; 진행 중이던 읽기 요청 실패")
        }
        E::NoOffsetForPartition { consumer, partitions } => {
            let names: Vec<String> = partitions.iter().map(ToString::to_string).collect();
            format!(
                "컨슈머 {consumer}: NoOffsetForPartitionException: 리셋 정책이 없어 오프셋을 정할 수 없는 파티션: [{}]",
                names.join(", ")
            )
        }
        _ => return consumer_leader(event),
    })
}

fn consumer_leader(event: &E) -> Option<String> {
    Some(match event {
        E::StaticLeaderSkipsAssignment { consumer, generation } => format!(
            "컨슈머 {consumer} (리더, 세대 {generation}): 돌아온 정적 리더라 배정을 건너뜀; 기존 배정을 그대로 씀"
        ),
        E::LeaderFetchesMetadata { consumer, generation, topics } => format!(
            "컨슈머 {consumer} (리더, 세대 {generation}): 배정하기 전에 그룹 전체의 토픽 {} 메타데이터 요청",
            topics.join(",")
        ),
        E::LeaderAssigns { consumer, generation, assignor } => {
            format!("컨슈머 {consumer} (리더, 세대 {generation}): {assignor} 배정 계산")
        }
        E::ConsumerStalled { consumer, stalled: true } => format!("컨슈머 {consumer} 멈춤 (poll() 호출 중단)"),
        E::ConsumerStalled { consumer, stalled: false } => format!("컨슈머 {consumer} poll 재개"),
        _ => return None,
    })
}

fn producer_and_ledger(event: &E) -> Option<String> {
    Some(match event {
        E::BatchFailed { producer, tp, error } => format!("{producer}: {tp} 배치 실패: {}", error.name()),
        E::BatchRetry { producer, error, tp, backoff_ms, attempt } => {
            format!("{producer}: {tp}에서 {} → {backoff_ms} ms 후 재시도 ({attempt}번째 시도)", error.name())
        }
        E::ConnectionRefused { producer, broker, backoff_ms } => format!(
            "{producer}: 브로커 {broker} 연결 거부 → 준비 안 됨, 배치는 어큐뮬레이터에 남음 ({backoff_ms} ms 후 재연결)"
        ),
        E::EpochBumped { producer, tp, epoch } => format!(
            "{producer}: 만료된 배치로 {tp}의 시퀀스 미해결 → 프로듀서 에포크를 {}(으)로 올리고 시퀀스를 0부터 다시 시작",
            epoch.0
        ),
        E::WrittenTwice { id, tp, first, second, first_via } => format!(
            "장부: 레코드 {}이(가) {tp}에 두 번 기록됨: 오프셋 {first}, {second} (멱등성 없는 재시도; 처음 기록은 브로커 {first_via} 경유)",
            id.0
        ),
        E::Reordered { key: Some(key), tp, offset } => {
            format!("장부: {tp}에서 키 {key}의 순서 뒤바뀜: 나중에 보낸 레코드가 더 낮은 오프셋({offset})에 기록됨")
        }
        E::Reordered { key: None, tp, offset } => {
            format!("장부: {tp}에서 키 없는 레코드의 순서 뒤바뀜: 나중에 보낸 레코드가 더 낮은 오프셋({offset})에 기록됨")
        }
        E::AckedRecordLost { tp, offset, explanation: e } => {
            format!("장부: 확인된 레코드 유실! {tp} 오프셋 {offset}: {}", explanation(e))
        }
        E::Redelivered { group, tp, offset, cause: c } => {
            format!("장부: 그룹 {group}이(가) {tp} 오프셋 {offset}을(를) 다시 처리함 (재전달 원인: {})", cause(c))
        }
        E::Skipped { group, missing, tp, offset, cause: c } => format!(
            "장부: 그룹 {group}이(가) {tp}에서 처리한 적 없는 레코드 {missing}개를 건너뜀 (커밋된 오프셋 {offset} 아래; 원인: {})",
            cause(c)
        ),
        E::OffsetsExpired { broker, group, partitions: parts } => format!(
            "코디네이터 {broker}: 그룹 {group}이(가) offsets.retention.minutes 동안 비어 있어 {}의 커밋된 오프셋이 만료됨 (툼스톤 기록)",
            partitions(parts)
        ),
        E::RemovedUnread { group, tp, missing, position, reset_to } => format!(
            "장부: 그룹 {group}의 {tp} 위치 {position}이(가) log start offset 아래로 밀려남 (OFFSET_OUT_OF_RANGE): 읽지 못한 레코드 {missing}개는 유실이 아니라 보존 기간(retention)으로 삭제됨; {reset_to}부터 다시 읽음"
        ),
        _ => return None,
    })
}

/// Why segments went, in Korean.
fn removal_reason(r: RemovalReason) -> &'static str {
    match r {
        RemovalReason::RetentionTime => "retention.ms 초과",
        RemovalReason::RetentionSize => "retention.bytes 초과",
        RemovalReason::LogStartOffset => "log start offset 아래",
        RemovalReason::DeleteRecords => "DeleteRecords",
        RemovalReason::Compaction => "컴팩션",
    }
}

/// The ledger's explanation of a lost record in Korean.
pub(super) fn explanation(e: &LossExplanation) -> String {
    match e {
        LossExplanation::NeverWritten { sent_at, broker } => format!(
            "t={sent_at}에 acks=0으로 보내져 확인된 것으로 집계됨; 브로커 {broker}의 프로세스가 죽은 뒤에 도착해 기록되지 않음"
        ),
        LossExplanation::Missing { acked, election, tp, leader, truncated } => {
            let mut s = match acked {
                Some((at, by, acks)) => format!("t={at}에 리더 {by}이(가) 확인함 (acks={}); ", acks.as_kafka_str()),
                None => "확인됨; ".to_string(),
            };
            match election {
                Some((t, b, epoch)) => {
                    s += &format!("t={t}에 그 레코드가 없는 브로커 {b}이(가) {tp}의 리더가 됨 (에포크 {epoch})")
                }
                None => s += &format!("리더 {leader}에 그 레코드가 없음"),
            }
            if let Some((t, now)) = truncated {
                s += &format!("; t={now}에 브로커 {t}에서 잘려 나감");
            }
            s
        }
    }
}
