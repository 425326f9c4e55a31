# The producer: an internet-facing HTTPS load balancer (TLS 1.2/1.3, invalid headers dropped, access logs)
# in front of producer instances in private subnets. TLS also covers the hop from the load balancer to the
# producer, because plaintext jobs travel on it.

resource "aws_cloudwatch_log_group" "producer" {
  name              = "/nitroforge/${local.name}/producer"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.storage.arn
}

data "aws_elb_service_account" "main" {}

resource "aws_security_group" "load_balancer" {
  name        = "${local.name}-load-balancer"
  description = "Producer load balancer: HTTPS in, producer port out"
  vpc_id      = local.vpc_id

  ingress {
    description = "HTTPS from the internet"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "To the producer instances"
    from_port   = 8443
    to_port     = 8443
    protocol    = "tcp"
    cidr_blocks = [local.vpc_cidr]
  }
}

resource "aws_security_group" "producer" {
  name        = "${local.name}-producer"
  description = "Producer instances: the load balancer in, HTTPS out to AWS APIs"
  vpc_id      = local.vpc_id

  ingress {
    description     = "From the load balancer"
    from_port       = 8443
    to_port         = 8443
    protocol        = "tcp"
    security_groups = [aws_security_group.load_balancer.id]
  }

  egress {
    description = "HTTPS to AWS APIs and the OIDC issuer"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb" "producer" {
  name                       = "${local.name}-producer"
  internal                   = false
  load_balancer_type         = "application"
  security_groups            = [aws_security_group.load_balancer.id]
  subnets                    = local.public_subnet_ids
  drop_invalid_header_fields = true
  enable_deletion_protection = true

  access_logs {
    bucket  = aws_s3_bucket.logs.id
    prefix  = "alb"
    enabled = true
  }

  depends_on = [aws_s3_bucket_policy.logs]
}

resource "aws_lb_target_group" "producer" {
  name     = "${local.name}-producer"
  port     = 8443
  protocol = "HTTPS"
  vpc_id   = local.vpc_id

  health_check {
    protocol = "HTTPS"
    path     = "/healthz"
    matcher  = "200"
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.producer.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.producer.arn
  }
}

resource "aws_launch_template" "producer" {
  name_prefix            = "${local.name}-producer-"
  image_id               = data.aws_ssm_parameter.al2023.value
  instance_type          = var.producer_instance_type
  ebs_optimized          = true
  update_default_version = true
  vpc_security_group_ids = [aws_security_group.producer.id]
  user_data = base64encode(templatefile("${path.module}/host/user-data.sh", {
    artifacts_bucket = aws_s3_bucket.artifacts.id
    eif_sha256       = var.eif_sha256
    bundle_sha256    = var.bundle_sha256
    role             = "producer"
    config_path      = "/etc/nitroforge/producer.yaml"
    config_yaml = templatefile("${path.module}/host/producer.yaml", {
      jobs_bucket        = aws_s3_bucket.jobs.id
      jobs_queue_url     = aws_sqs_queue.jobs.id
      data_key_alias     = aws_kms_alias.data.name
      storage_key_arn    = aws_kms_key.storage.arn
      producer_log_group = aws_cloudwatch_log_group.producer.name
    })
  }))

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  iam_instance_profile {
    arn = aws_iam_instance_profile.producer.arn
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = 20
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  monitoring {
    enabled = true
  }

  tag_specifications {
    resource_type = "instance"

    tags = merge(local.tags, { Name = "${local.name}-producer" })
  }
}

resource "aws_autoscaling_group" "producer" {
  name                = "${local.name}-producer"
  min_size            = 1
  max_size            = 2
  vpc_zone_identifier = local.private_subnet_ids
  target_group_arns   = [aws_lb_target_group.producer.arn]
  health_check_type   = "ELB"

  launch_template {
    id      = aws_launch_template.producer.id
    version = aws_launch_template.producer.latest_version
  }

  tag {
    key                 = "Name"
    value               = "${local.name}-producer"
    propagate_at_launch = true
  }
}

resource "aws_autoscaling_policy" "producer_cpu" {
  name                   = "${local.name}-producer-cpu"
  autoscaling_group_name = aws_autoscaling_group.producer.name
  policy_type            = "TargetTrackingScaling"

  target_tracking_configuration {
    target_value = 60

    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
  }
}

# Rate limit per client address, AWS's known-bad-inputs rules (Log4j and similar) and anonymizer list.
resource "aws_wafv2_web_acl" "producer" {
  name  = "${local.name}-producer"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "rate-limit"
    priority = 1

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = 2000
        aggregate_key_type = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "rate-limit"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "known-bad-inputs"
    priority = 2

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  # Anonymizers (Tor, VPNs) are blocked; cloud hosting addresses only counted, since API clients often run there.
  rule {
    name     = "anonymous-ip"
    priority = 3

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesAnonymousIpList"
        vendor_name = "AWS"

        rule_action_override {
          name = "HostingProviderIPList"

          action_to_use {
            count {}
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "anonymous-ip"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${local.name}-producer"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_association" "producer" {
  resource_arn = aws_lb.producer.arn
  web_acl_arn  = aws_wafv2_web_acl.producer.arn
}

# WAF requires its log group's name to start with aws-waf-logs-.
resource "aws_cloudwatch_log_group" "waf" {
  name              = "aws-waf-logs-${local.name}"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.storage.arn
}

resource "aws_wafv2_web_acl_logging_configuration" "producer" {
  resource_arn            = aws_wafv2_web_acl.producer.arn
  log_destination_configs = [aws_cloudwatch_log_group.waf.arn]
}
